import type { MediaTrackOption } from '@brume/player';

/** What a viewer last chose: a track by language and label, or subtitles off. */
export type SubtitleChoice = { language: string | undefined; label: string } | 'off';

const KEY = 'brume-player:subtitles';

/**
 * The remembered choice, per browser. Storage can be missing or throw (a sandboxed iframe, blocked
 * cookies): the player then simply remembers nothing.
 */
export function loadSubtitleChoice(): SubtitleChoice | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (value === 'off') return value;
    if (value && typeof value === 'object' && 'label' in value && typeof value.label === 'string') {
      const language = 'language' in value && typeof value.language === 'string' ? value.language : undefined;
      return { language, label: value.label };
    }
  } catch {
    // Unavailable or garbled storage: nothing remembered.
  }
  return undefined;
}

/** Stores a pick (`undefined`: off). */
export function saveSubtitleChoice(track: MediaTrackOption | undefined): void {
  const choice: SubtitleChoice = track ? { language: track.language, label: track.label } : 'off';
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Unavailable storage: the choice lasts for this player only.
  }
}

/**
 * The track matching a remembered choice: the same language (the same label first among those),
 * else the same label.
 */
export function rememberedTrack(
  tracks: readonly MediaTrackOption[],
  choice: SubtitleChoice | undefined,
): MediaTrackOption | undefined {
  if (!choice || choice === 'off') return undefined;
  const sameLanguage =
    choice.language === undefined ? [] : tracks.filter((t) => t.language === choice.language);
  return (
    sameLanguage.find((t) => t.label === choice.label) ??
    sameLanguage[0] ??
    tracks.find((t) => t.label === choice.label)
  );
}
