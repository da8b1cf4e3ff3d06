import type { MetadataTrack } from '@brume/protocol';
import { subtitleCue, wvttFragment, wvttInitSegment, type SubtitleCue } from '../cmaf';
import { webvttSegment } from '../hls';
import type { MetadataSource } from './metadata-carriage';
import type { PartRef } from './segment-model';

/** The `wvtt` track of every subtitle rendition: its own file, so always track 1; ms timescale. */
const TEXT_TRACK = { id: 1, timescale: 1000 } as const;

interface TextPart {
  startMs: number;
  endMs: number;
  /** `mfhd` sequence number of its `wvtt` fragment: the part's rank in the packaging. */
  sequenceNumber: number;
  /** Per subtitle track known when the part was made. */
  vtt: Map<string, string>;
  wvtt: Map<string, Uint8Array>;
}

interface TextSegment {
  msn: number;
  parts: TextPart[];
  /** Set when the video segment completes, with its WebVTT per track. */
  endMs?: number;
  vtt?: Map<string, string>;
}

/**
 * The subtitle tracks of a stream as LL-HLS WebVTT renditions and LL-DASH `wvtt` renditions, on the
 * video's segment and part grid: each video part and segment gets its text counterpart covering the
 * same stream-time range, made once when the video part or segment is made (so, like the media,
 * it never changes once listed) and kept as long as the video segment is.
 *
 * A track that appears mid-stream has nothing for the parts made before it: those answer the empty
 * file over the same range, which is what they would have held (no events of that track existed).
 * A cue added later with a time in a part already made is not added to it; the next parts repeat
 * it while it lasts (`webvttSegment` writes every cue overlapping the range).
 *
 * These renditions serve players that read subtitles from the manifest (Safari, VLC, hls.js or
 * Shaka on their own). The Brume player takes subtitle events from the ID3 `emsg` like every other
 * track (`MetadataCarriage`), so its scheduler is the one source of timing.
 */
export class SubtitleRenditions {
  private segments: TextSegment[] = [];
  private sequenceNumber = 1;

  constructor(private readonly source: MetadataSource) {}

  /** The subtitle tracks now (the multivariant playlist and the MPD list them from their first appearance). */
  tracks(): MetadataTrack[] {
    return this.source.tracks().filter((track) => track.kind === 'subtitle');
  }

  /** The video part `part` of segment `msn` was made. */
  addPart(msn: number, part: PartRef): void {
    let segment = this.segments.at(-1);
    if (!segment || segment.msn !== msn) {
      segment = { msn, parts: [] };
      this.segments.push(segment);
    }
    const startMs = part.startMs;
    const endMs = part.startMs + part.durationMs;
    if (!(endMs > startMs)) return;
    const text: TextPart = {
      startMs,
      endMs,
      sequenceNumber: this.sequenceNumber++,
      vtt: new Map(),
      wvtt: new Map(),
    };
    for (const track of this.tracks()) {
      const cues = this.cues(track.name, endMs);
      text.vtt.set(track.name, webvttSegment({ startMs, endMs, cues }));
      text.wvtt.set(
        track.name,
        wvttFragment({ sequenceNumber: text.sequenceNumber, track: TEXT_TRACK, startMs, endMs, cues }),
      );
    }
    segment.parts.push(text);
  }

  /** Video segment `msn` completed at `endMs`. */
  endSegment(msn: number, endMs: number): void {
    const segment = this.segments.at(-1);
    const first = segment?.parts[0];
    // Once made, a segment's text never changes.
    if (!segment || segment.msn !== msn || !first || segment.endMs !== undefined) return;
    const startMs = first.startMs;
    segment.endMs = Math.max(endMs, segment.parts.at(-1)?.endMs ?? endMs);
    segment.vtt = new Map();
    for (const track of this.tracks()) {
      segment.vtt.set(
        track.name,
        webvttSegment({ startMs, endMs: segment.endMs, cues: this.cues(track.name, segment.endMs) }),
      );
    }
  }

  /** Forgets the segments before `msn` (the video's oldest segment held). */
  trim(msn: number): void {
    while (this.segments[0] && this.segments[0].msn < msn) this.segments.shift();
  }

  /** The WebVTT of part `index` of segment `msn`, undefined until the video part is made. */
  partVtt(track: string, msn: number, index: number): string | undefined {
    const part = this.find(msn)?.parts[index];
    if (!part) return undefined;
    return part.vtt.get(track) ?? webvttSegment({ startMs: part.startMs, endMs: part.endMs, cues: [] });
  }

  /** The WebVTT of segment `msn`, undefined until the video segment completes. */
  segmentVtt(track: string, msn: number): string | undefined {
    const segment = this.find(msn);
    const first = segment?.parts[0];
    if (!segment?.vtt || segment.endMs === undefined || !first) return undefined;
    return (
      segment.vtt.get(track) ?? webvttSegment({ startMs: first.startMs, endMs: segment.endMs, cues: [] })
    );
  }

  /**
   * The `wvtt` fragments of segment `msn` made so far, from part `fromPart` on (one per video part:
   * the LL-DASH chunks), and whether the segment is complete; undefined before its first part.
   */
  segmentWvtt(
    track: string,
    msn: number,
    fromPart = 0,
  ): { chunks: Uint8Array[]; complete: boolean } | undefined {
    const segment = this.find(msn);
    if (!segment || segment.parts.length === 0) return undefined;
    const chunks = segment.parts.slice(fromPart).map(
      (part) =>
        part.wvtt.get(track) ??
        wvttFragment({
          sequenceNumber: part.sequenceNumber,
          track: TEXT_TRACK,
          startMs: part.startMs,
          endMs: part.endMs,
          cues: [],
        }),
    );
    return { chunks, complete: segment.endMs !== undefined };
  }

  /** The `wvtt` init segment of a subtitle track. */
  init(track: MetadataTrack): Uint8Array {
    return wvttInitSegment({
      ...TEXT_TRACK,
      kind: 'text',
      codec: 'wvtt',
      ...(track.lang === undefined ? {} : { language: track.lang }),
    });
  }

  /** Every cue of the track that starts before `endMs` (the writers keep those overlapping their range). */
  private cues(track: string, endMs: number): SubtitleCue[] {
    return this.source
      .between(0, endMs, { track })
      .filter((event) => typeof event.data === 'string')
      .map(subtitleCue);
  }

  private find(msn: number): TextSegment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i];
      if (segment?.msn === msn) return segment;
      if (segment && segment.msn < msn) return undefined;
    }
    return undefined;
  }
}
