import { BoxWriter } from './box-writer';
import type { CmafSample, CmafTrack } from './cmaf-sample';
import { fragment } from './fragment';
import { initSegment } from './init-segment';
import { checkCue, cuesOverlapping, cueText, type SubtitleCue } from './subtitle-cue';

const textEncoder = new TextEncoder();

type TextTrack = Extract<CmafTrack, { kind: 'text' }>;

/**
 * Brands of a WebVTT CMAF track's init: the CMAF structural brand and the CMAF WebVTT media
 * profile `cwvt` (ISO/IEC 23000-19 §11.3), without `mp41` (no plain MP4 reader wants a text track).
 */
export const wvttInitBrands: readonly string[] = ['iso6', 'cmfc', 'cwvt'];

/** The init segment (`ftyp` + `moov` with one `wvtt` track) of a WebVTT CMAF track. */
export function wvttInitSegment(track: TextTrack): Uint8Array {
  return initSegment([track], wvttInitBrands);
}

export interface WvttFragmentOptions {
  /** `mfhd` sequence number; the caller counts, as for media fragments. */
  sequenceNumber: number;
  track: Pick<TextTrack, 'id' | 'timescale'>;
  /** Stream ms: the range of the video segment or chunk this fragment goes with. */
  startMs: number;
  endMs: number;
  /** Any cues of the track; those overlapping the range are written. */
  cues: readonly SubtitleCue[];
}

/**
 * One WebVTT movie fragment (ISO/IEC 14496-30 §7.4) covering `[startMs, endMs)` exactly: the range
 * is cut at every cue start and end inside it, and each span becomes one sample holding a `vttc`
 * per cue shown during it (`iden` = cue id, `sttg` = settings, `payl` = text), or one `vtte` when
 * none is. `tfdt` = `startMs × timescale / 1000`, the media's formula, and sample durations are
 * differences of the rounded boundaries, so they add up to the range whatever the timescale.
 *
 * Readers make a cue per `vttc` per sample, timed by the sample: dash.js (`TextSourceBuffer`:
 * `sample.cts / timescale` to `+ duration`, `payl` text, `sttg` styles; it skips `vtte` and ignores
 * `iden`) and Shaka (`Mp4VttParser`: `payl`, `iden`, `sttg`; merges equal cues). A cue crossing a
 * boundary is split into consecutive samples with the same text, which show as one.
 */
export function wvttFragment(options: WvttFragmentOptions): Uint8Array {
  const { startMs, endMs, track } = options;
  if (!(Number.isFinite(startMs) && startMs >= 0 && endMs > startMs)) {
    throw new RangeError(`a wvtt fragment needs 0 <= startMs < endMs, got ${startMs} → ${endMs}`);
  }
  const cues = cuesOverlapping(options.cues, startMs, endMs);
  cues.forEach(checkCue);
  const edges = [...new Set([startMs, endMs, ...cues.flatMap((cue) => [cue.startMs, cue.endMs])])]
    .filter((ms) => ms >= startMs && ms <= endMs)
    .sort((a, b) => a - b);
  const ticks = (ms: number) => Math.round((ms * track.timescale) / 1000);

  const samples: CmafSample[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i] ?? startMs;
    const to = edges[i + 1] ?? endMs;
    const duration = ticks(to) - ticks(from);
    if (duration === 0) continue; // shorter than a tick: the next span starts at the same tick
    const shown = cues.filter((cue) => cue.startMs <= from && cue.endMs >= to);
    samples.push({
      dts: ticks(from),
      cts: 0,
      duration,
      keyframe: true,
      data: shown.length === 0 ? EMPTY_CUE : cueBoxes(shown),
    });
  }
  return fragment({ sequenceNumber: options.sequenceNumber, tracks: [{ track, samples }] });
}

/** `vtte`: a span with no cue. */
const EMPTY_CUE = Uint8Array.of(0, 0, 0, 8, 0x76, 0x74, 0x74, 0x65);

/** One `vttc` per cue, each with the boxes 14496-30 §7.6 allows, in its order (id, settings, payload). */
function cueBoxes(cues: readonly SubtitleCue[]): Uint8Array {
  const writer = new BoxWriter(64 + cues.reduce((sum, cue) => sum + 3 * cue.text.length, 0));
  const boxString = (w: BoxWriter, type: string, text: string) =>
    w.box(type, (b) => b.bytes(textEncoder.encode(text))); // boxstring: no NUL, fills the box
  for (const { id, settings, text } of cues) {
    writer.box('vttc', (vttc) => {
      if (id !== undefined) boxString(vttc, 'iden', id);
      if (settings !== undefined) boxString(vttc, 'sttg', settings);
      boxString(vttc, 'payl', cueText(text));
    });
  }
  return writer.toBytes();
}
