import { usePlayer } from '../player-context';
import { qualitySummary } from '../quality-label';
import { usePlayerState } from '../use-player-state';
import { MenuButton } from './MenuButton';

/** Opens the quality menu; shows the rendition on screen (`720p`). Only when there is a choice. */
export function QualityButton() {
  const { player, strings } = usePlayer();
  const tracks = usePlayerState(player).tracks;
  if (tracks.qualities.length < 2) return null;
  const summary = qualitySummary(tracks, strings);
  return (
    <MenuButton
      menu="quality"
      label={`${strings.quality}: ${summary.label}`}
      testId="quality-menu-button"
      className="brume-button brume-button--text"
    >
      {summary.short}
    </MenuButton>
  );
}
