import { SubtitlesIcon } from '../icons';
import { toggleSubtitles } from '../player-actions';
import { usePlayer } from '../player-context';
import { useSubtitleTracks } from '../subtitles/subtitle-tracks';

/** Subtitles on/off (the `c` key); the settings menu picks the language. Only with text tracks. */
export function SubtitlesButton() {
  const { player, ui, strings } = usePlayer();
  const tracks = useSubtitleTracks(player, ui);
  if (!tracks.text.length) return null;
  const on = tracks.textId !== undefined;
  return (
    <button
      type="button"
      className="brume-button"
      data-testid="subtitles-button"
      aria-label={strings.subtitles}
      aria-pressed={on}
      title={strings.subtitles}
      onClick={() => toggleSubtitles(player, ui)}
    >
      <SubtitlesIcon />
    </button>
  );
}
