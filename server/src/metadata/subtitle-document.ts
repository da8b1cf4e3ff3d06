import { MetadataError } from './metadata-error';
import { cueText } from './metadata-input';

export type SubtitleFormat = 'webvtt' | 'srt';

/** One cue of a subtitle document; times are offsets from the document's start, in ms. */
export interface SubtitleCue {
  startMs: number;
  endMs: number;
  text: string;
  /** Line (1-based) of its timing line in the document. */
  line: number;
}

const VTT_TYPES = ['text/vtt'];
const SRT_TYPES = ['application/x-subrip', 'text/srt', 'application/srt'];
const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/;

/**
 * The subtitle format of a body: from its content type (`text/vtt`, `application/x-subrip`,
 * `text/srt`), else sniffed from its first line (`WEBVTT`, or an SRT cue number followed by a
 * timing line). Undefined: not a subtitle document (JSON events).
 */
export function subtitleFormatOf(contentType: string | undefined, text: string): SubtitleFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (VTT_TYPES.includes(type)) return 'webvtt';
  if (SRT_TYPES.includes(type)) return 'srt';
  const lines = splitLines(text).slice(0, 3);
  if (/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '')) return 'webvtt';
  if (/^\d+\s*$/.test(lines[0] ?? '') && (lines[1] ?? '').includes('-->')) return 'srt';
  return undefined;
}

/**
 * Parses a WebVTT or SRT document into cues. WebVTT: the `WEBVTT` header, then cue blocks
 * (optional identifier, `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`, text); NOTE, STYLE and
 * REGION blocks are skipped. SRT: number, `hh:mm:ss,ttt --> hh:mm:ss,ttt`, text. Cue settings and
 * SRT coordinates are dropped (a subtitle event carries only the cue text; the player places
 * subtitles itself), and SRT's `<font>` and `{\an8}`-style tags are removed (not WebVTT markup);
 * `<b>`, `<i>`, `<u>` are kept. Errors name the document's line.
 */
export function parseSubtitleDocument(text: string, format: SubtitleFormat): SubtitleCue[] {
  const lines = splitLines(text);
  let i = 0;
  if (format === 'webvtt') {
    if (!/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '')) {
      throw MetadataError.invalid('a WebVTT document starts with "WEBVTT"', { line: 1 });
    }
    while (i < lines.length && lines[i]?.trim() !== '') i++;
  }
  const cues: SubtitleCue[] = [];
  while (i < lines.length) {
    while (i < lines.length && lines[i]?.trim() === '') i++;
    if (i >= lines.length) break;
    const start = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]?.trim() !== '') block.push(lines[i++] ?? '');
    if (format === 'webvtt' && /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0] ?? '')) continue;
    cues.push(parseCue(block, start + 1, format));
  }
  if (cues.length === 0) throw MetadataError.invalid('the subtitle document has no cues', { line: 1 });
  return cues;
}

function parseCue(block: string[], firstLine: number, format: SubtitleFormat): SubtitleCue {
  // The timing line comes first, or after an identifier (WebVTT) or a cue number (SRT).
  // With no "-->" anywhere, the bad timing line is the first one, or the one after an SRT number.
  const timingAt =
    block[0]?.includes('-->') ||
    !(block[1]?.includes('-->') || (format === 'srt' && /^\d+$/.test(block[0] ?? '')))
      ? 0
      : 1;
  const line = firstLine + timingAt;
  const timing = TIMING.exec(block[timingAt]?.trim() ?? '');
  if (!timing) {
    const example = format === 'srt' ? '00:00:01,000 --> 00:00:02,500' : '00:00:01.000 --> 00:00:02.500';
    throw MetadataError.invalid(`expected a cue timing line like "${example}"`, { line });
  }
  const startMs = timestampMs(timing[1] ?? '', format, line);
  const endMs = timestampMs(timing[2] ?? '', format, line);
  if (endMs <= startMs) throw MetadataError.invalid('the cue ends before it starts', { line });
  const raw = block.slice(timingAt + 1).join('\n');
  const text = cueText(format === 'srt' ? stripSrtTags(raw) : raw, { line });
  return { startMs, endMs, text, line };
}

function timestampMs(value: string, format: SubtitleFormat, line: number): number {
  // WebVTT: hours optional, '.' before the ms; SRT: hours required, ',' (many files use '.').
  const match =
    format === 'srt'
      ? /^(\d+):(\d{2}):(\d{2})[,.](\d{3})$/.exec(value)
      : /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$/.exec(value);
  if (!match) throw MetadataError.invalid(`bad cue timestamp "${value.slice(0, 20)}"`, { line });
  const [, hours, minutes, seconds, millis] = match;
  if (Number(minutes) > 59 || Number(seconds) > 59) {
    throw MetadataError.invalid(`bad cue timestamp "${value}": minutes and seconds are 00-59`, { line });
  }
  return ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

function stripSrtTags(text: string): string {
  return text.replace(/<\/?font[^>]*>/gi, '').replace(/\{\\[^}]*\}/g, '');
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}
