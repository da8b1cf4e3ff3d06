import type { MetadataEvent } from '@brume/protocol';

/**
 * One subtitle cue on the stream timeline, as the WebVTT (HLS) and `wvtt` (DASH, CMAF) writers
 * take it. `text` is WebVTT cue text: markup (`<i>`, `<v Name>`) and character references pass
 * through as they are, so whoever makes a cue from plain text (SRT ingest) escapes `&`, `<` and `>`.
 */
export interface SubtitleCue {
  /** WebVTT cue identifier: lets players drop the copy of a cue repeated in the next segment. */
  id?: string;
  /** Stream ms. */
  startMs: number;
  /** Stream ms, after `startMs`. */
  endMs: number;
  text: string;
  /** WebVTT cue settings, e.g. `line:0 position:50% align:start`. */
  settings?: string;
}

/**
 * How long a subtitle event without a duration stays on screen: MistServer's choice (REFERENCES
 * §1.7), long enough to read two lines.
 */
export const DEFAULT_SUBTITLE_DURATION_MS = 5000;

/** A subtitle track's event as a cue: `data` is the cue text, the event id its identifier. */
export function subtitleCue(event: MetadataEvent): SubtitleCue {
  if (typeof event.data !== 'string') {
    throw new RangeError(`subtitle event ${event.id ?? ''} on "${event.track}" needs cue text as data`);
  }
  const duration =
    event.duration !== undefined && event.duration > 0 ? event.duration : DEFAULT_SUBTITLE_DURATION_MS;
  return {
    ...(event.id === undefined ? {} : { id: String(event.id) }),
    startMs: event.time,
    endMs: event.time + duration,
    text: event.data,
  };
}

/** The cues that show at some point in `[startMs, endMs)`, by start time. */
export function cuesOverlapping(cues: readonly SubtitleCue[], startMs: number, endMs: number): SubtitleCue[] {
  return cues
    .filter((cue) => cue.startMs < endMs && cue.endMs > startMs)
    .sort((a, b) => a.startMs - b.startMs);
}

/**
 * Cue text made safe for a WebVTT block and a `payl` box: line breaks as LF, no blank line (it
 * would end the cue, and the rest would be read as a new block), no `-->` (it would make the line
 * a timing line). A line of only spaces is dropped too; one holding U+00A0 stays (hls.js keeps such
 * lines, they position a cue).
 */
export function cueText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.replace(/[ \t\f]/g, '') !== '')
    .join('\n')
    .replaceAll('-->', '--&gt;');
}

/** Checks a cue before it is written: times, identifier and settings that would break the block. */
export function checkCue(cue: SubtitleCue): void {
  if (!(
    Number.isFinite(cue.startMs) &&
    cue.startMs >= 0 &&
    Number.isFinite(cue.endMs) &&
    cue.endMs > cue.startMs
  )) {
    throw new RangeError(`cue times must be 0 <= start < end (stream ms), got ${cue.startMs} → ${cue.endMs}`);
  }
  if (cue.id !== undefined && (cue.id === '' || /[\r\n]|-->/.test(cue.id))) {
    throw new RangeError(`cue id ${JSON.stringify(cue.id)} is empty or has a line break or "-->"`);
  }
  const pairs = /^[^\s:]+:[^\s:]+(?:[ \t]+[^\s:]+:[^\s:]+)*$/;
  if (cue.settings !== undefined && (!pairs.test(cue.settings) || cue.settings.includes('-->'))) {
    throw new RangeError(
      `cue settings ${JSON.stringify(cue.settings)} must be name:value pairs separated by spaces (line:0 align:start)`,
    );
  }
}
