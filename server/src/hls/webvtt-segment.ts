import { checkCue, cuesOverlapping, cueText, type SubtitleCue } from '../cmaf';

export interface WebVttSegmentOptions {
  /** The segment's (or part's) range on the stream timeline, ms: the video segment's or part's. */
  startMs: number;
  endMs: number;
  /** Any cues of the track; those overlapping the range are written. */
  cues: readonly SubtitleCue[];
}

/**
 * `X-TIMESTAMP-MAP` of every segment: cue time 0 is media time 0. Why that is right here:
 *
 * - The CMAF parts carry `tfdt = stream ms × timescale / 1000` (video 90 kHz, audio 48 kHz), so a
 *   frame at stream time T ms has media time T/1000 s, and MPEG-TS 90 kHz time T × 90. Cue times
 *   below are stream times too, so LOCAL 0 ↔ MPEGTS 0 is exactly the media's own mapping.
 * - hls.js 1.7 (`webvtt-parser.ts`) places a cue at `cue + (MPEGTS − initPTS·90000)/90000 − LOCAL`,
 *   where initPTS is what it subtracts from every fMP4 timestamp (passthrough remuxer: `tfdt/timescale
 *   − initPTS`). With MPEGTS 0 and LOCAL 0 that is `cue − initPTS`: the frame of the same stream time.
 *   (When initPTS happens to be 0 it skips the MPEGTS term and uses the discontinuity offset, 0 for
 *   cc 0: the same result.) The value is then unwrapped near the segment's playlist time, so a
 *   stream of any length is fine.
 * - Shaka 5 (`vtt_text_parser.js`) places it at `cue + periodStart + MPEGTS/90000 − LOCAL` =
 *   `cue + periodStart`, periodStart being the timestamp offset it applies to the fMP4 media: the same
 *   shift as the video's. Its 33-bit rollover correction only adds to MPEGTS, which never wraps at 0.
 * - A per-segment map (LOCAL = segment start, MPEGTS = its 90 kHz time) would be equivalent but must
 *   wrap MPEGTS at 2^33 after 26.5 h, and Shaka then needs its rollover guess to be right.
 */
export const WEBVTT_TIMESTAMP_MAP = 'X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000';

/**
 * One WebVTT segment (or LL-HLS part) of a subtitle rendition: every cue overlapping
 * `[startMs, endMs)`, with its whole original timing. A cue spanning several segments is repeated
 * in each; players drop the repeats: hls.js adds a cue only if `getCueById` does not find its id
 * (the cue identifier, else a hash of start, end and text, both equal in every copy); Shaka drops a
 * cue equal to one it already has (`Cue.equal`). Cue text goes through `cueText` (no blank lines,
 * no `-->`), identifiers and settings are checked (`RangeError`).
 */
export function webvttSegment(options: WebVttSegmentOptions): string {
  const { startMs, endMs } = options;
  if (!(Number.isFinite(startMs) && startMs >= 0 && endMs > startMs)) {
    throw new RangeError(`a WebVTT segment needs 0 <= startMs < endMs, got ${startMs} → ${endMs}`);
  }
  const blocks = cuesOverlapping(options.cues, startMs, endMs).map((cue) => {
    checkCue(cue);
    const timing = `${webvttTime(cue.startMs)} --> ${webvttTime(cue.endMs)}`;
    const lines = [
      ...(cue.id === undefined ? [] : [cue.id]),
      cue.settings === undefined ? timing : `${timing} ${cue.settings}`,
    ];
    const text = cueText(cue.text);
    if (text !== '') lines.push(text);
    return lines.join('\n');
  });
  return ['WEBVTT', WEBVTT_TIMESTAMP_MAP, '', ...blocks.flatMap((block) => [block, ''])].join('\n');
}

/** `hh:mm:ss.ttt` (hours as many digits as needed, at least 2), from stream ms rounded to the ms. */
export function webvttTime(ms: number): string {
  const total = Math.round(ms);
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor(total / 60_000) % 60;
  const seconds = Math.floor(total / 1000) % 60;
  const pad = (value: number, digits: number) => String(value).padStart(digits, '0');
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(total % 1000, 3)}`;
}
