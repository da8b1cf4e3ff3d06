/**
 * Stream names are `[A-Za-z0-9_-]{1,64}`, optionally `base+suffix` (a wildcard stream: `live+alice`
 * uses the configuration of `live` but is its own stream). Anything else is rejected before it reaches
 * a map or the file system.
 */
const PART = /^[A-Za-z0-9_-]{1,64}$/;

export interface StreamName {
  /** The whole name, as given. */
  full: string;
  /** The configuration it inherits from: the part before `+`, or the whole name. */
  base: string;
  /** The part after `+`, if any. */
  suffix?: string;
}

export function parseStreamName(name: string): StreamName | undefined {
  const plus = name.indexOf('+');
  if (plus < 0) return PART.test(name) ? { full: name, base: name } : undefined;
  const base = name.slice(0, plus);
  const suffix = name.slice(plus + 1);
  if (!PART.test(base) || !PART.test(suffix)) return undefined;
  return { full: name, base, suffix };
}

export function isValidStreamName(name: string): boolean {
  return parseStreamName(name) !== undefined;
}
