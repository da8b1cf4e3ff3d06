import type { SubtitleOption } from './subtitle-options';

/** What a viewer last chose: a track by language and name, or subtitles off. */
export type SubtitleChoice = { lang: string | undefined; name: string } | 'off';

const KEY = 'brume-player:subtitles';

/**
 * The remembered choice, per browser. Storage can be missing or throw (a sandboxed iframe, blocked
 * cookies): the player then simply remembers nothing.
 */
export function loadSubtitleChoice(): SubtitleChoice | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (value === 'off') return value;
    if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') {
      const lang = 'lang' in value && typeof value.lang === 'string' ? value.lang : undefined;
      return { lang, name: value.name };
    }
  } catch {
    // Unavailable or garbled storage: nothing remembered.
  }
  return undefined;
}

export function saveSubtitleChoice(option: SubtitleOption | undefined): void {
  const choice: SubtitleChoice = option ? { lang: option.lang, name: option.name } : 'off';
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Unavailable storage: the choice lasts for this player only.
  }
}

/**
 * The option matching a remembered choice: the same language (the same name first among those),
 * else the same name.
 */
export function rememberedOption(
  options: readonly SubtitleOption[],
  choice: SubtitleChoice | undefined,
): SubtitleOption | undefined {
  if (!choice || choice === 'off') return undefined;
  const sameLang = choice.lang === undefined ? [] : options.filter((o) => o.lang === choice.lang);
  return (
    sameLang.find((o) => o.name === choice.name) ??
    sameLang[0] ??
    options.find((o) => o.name === choice.name)
  );
}
