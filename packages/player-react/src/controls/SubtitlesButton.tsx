import { SubtitlesIcon } from '../icons';
import { usePlayer } from '../player-context';
import { toggleSubtitles } from '../subtitles/select-subtitle';
import { useSubtitles } from '../subtitles/use-subtitles';

/** Subtitles on/off (the `c` key); the settings menu picks the language. Only with subtitle tracks. */
export function SubtitlesButton() {
  const { player, ui, strings } = usePlayer();
  const { options, current } = useSubtitles(player, ui);
  if (!options.length) return null;
  return (
    <button
      type="button"
      className="brume-button"
      data-testid="subtitles-button"
      aria-label={strings.subtitles}
      aria-pressed={current !== undefined}
      title={strings.subtitles}
      onClick={() => toggleSubtitles(player, ui)}
    >
      <SubtitlesIcon />
    </button>
  );
}
