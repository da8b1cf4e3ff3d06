import { segmentType } from '../cmaf';
import type { PartRef, RenditionKind, RenditionSnapshot, SegmentRef } from './segment-model';

interface StoredSegment {
  msn: number;
  startMs: number | undefined;
  endMs: number | undefined;
  independent: boolean;
  parts: { ref: PartRef; bytes: Uint8Array }[];
}

/** The window's segment list as of one version of the store, and the last snapshot made of it. */
interface WindowMemo {
  version: number;
  segments: readonly SegmentRef[];
  snapshot?: RenditionSnapshot;
}

export interface RenditionInfo {
  kind: RenditionKind;
  codec: string;
  width?: number;
  height?: number;
  fps?: number;
  channels?: number;
  sampleRate?: number;
}

/** The `styp` every segment starts with (LL-HLS parts go without it). */
const SEGMENT_TYPE = segmentType();

/**
 * The parts and segments of one rendition held for the DVR window: what LL-HLS and LL-DASH
 * requests are answered from. Bytes are immutable once stored; a segment is its `styp` followed
 * by its parts, so a segment still being written can be sent part by part (chunked transfer).
 */
export class RenditionStore {
  private segments: StoredSegment[] = [];
  private _ended = false;
  private bytesInWindow = 0;
  /**
   * Bumped by every change. Every blocking playlist request looks at the window after each change
   * and every playlist is written from it: with hundreds of LL-HLS viewers the same snapshot was
   * rebuilt hundreds of times per part. It is built once per change now (`snapshot`).
   */
  private version = 0;
  private memo: WindowMemo | undefined;

  constructor(
    readonly info: RenditionInfo,
    readonly init: Uint8Array,
  ) {}

  get ended(): boolean {
    return this._ended;
  }

  /** The newest segment's number, if any. */
  get lastMsn(): number | undefined {
    return this.segments.at(-1)?.msn;
  }

  get firstMsn(): number | undefined {
    return this.segments[0]?.msn;
  }

  startSegment(msn: number, independent: boolean): void {
    const last = this.segments.at(-1);
    if (last && last.msn >= msn) throw new RangeError(`segment ${msn} after ${last.msn}`);
    this.segments.push({ msn, startMs: undefined, endMs: undefined, independent, parts: [] });
    this.version++;
  }

  addPart(msn: number, part: PartRef, bytes: Uint8Array): void {
    const segment = this.segments.at(-1);
    if (!segment || segment.msn !== msn || segment.endMs !== undefined) {
      throw new RangeError(`part of segment ${msn}, which is not the open one`);
    }
    segment.startMs ??= part.startMs;
    segment.parts.push({ ref: { ...part, index: segment.parts.length }, bytes });
    this.bytesInWindow += bytes.length;
    this.version++;
  }

  /** Closes segment `msn` at `endMs`; a segment that got no part (no audio in it) is dropped. */
  endSegment(msn: number, endMs: number): void {
    const segment = this.segments.at(-1);
    if (!segment || segment.msn !== msn) return;
    this.version++;
    if (segment.parts.length === 0) {
      this.segments.pop();
      return;
    }
    segment.endMs = Math.max(endMs, segment.startMs ?? endMs);
  }

  /** Nothing more comes: an open segment is dropped if empty, else closed at its last part's end. */
  end(): void {
    const segment = this.segments.at(-1);
    if (segment && segment.endMs === undefined) {
      const last = segment.parts.at(-1)?.ref;
      if (last) segment.endMs = last.startMs + last.durationMs;
      else this.segments.pop();
    }
    this._ended = true;
    this.version++;
  }

  /** Forgets segments that ended before `beforeMs` (the DVR window's start); keeps at least one. */
  trim(beforeMs: number): void {
    while (this.segments.length > 1) {
      const first = this.segments[0];
      if (!first || first.endMs === undefined || first.endMs >= beforeMs) break;
      this.segments.shift();
      this.version++;
      for (const part of first.parts) this.bytesInWindow -= part.bytes.length;
    }
  }

  /** Bytes of media held. */
  get byteLength(): number {
    return this.bytesInWindow;
  }

  part(msn: number, index: number): Uint8Array | undefined {
    return this.find(msn)?.parts[index]?.bytes;
  }

  /** Whether the segment is held, and if it is complete. */
  segmentState(msn: number): 'missing' | 'open' | 'complete' {
    const segment = this.find(msn);
    if (!segment) return 'missing';
    return segment.endMs === undefined ? 'open' : 'complete';
  }

  /** The segment's bytes so far, from part `fromPart` on (0: with its leading `styp`). */
  segmentChunks(msn: number, fromPart = 0): Uint8Array[] {
    const segment = this.find(msn);
    if (!segment) return [];
    const chunks = segment.parts.slice(fromPart).map((part) => part.bytes);
    return fromPart === 0 ? [SEGMENT_TYPE, ...chunks] : chunks;
  }

  partCount(msn: number): number {
    return this.find(msn)?.parts.length ?? 0;
  }

  /**
   * The window as the playlist and MPD writers read it: the same object until the window changes
   * (or `bandwidth` does), so writers may cache what they make of it by identity.
   */
  snapshot(bandwidth: number): RenditionSnapshot {
    const memo = this.memo?.version === this.version ? this.memo : this.remember();
    if (memo.snapshot?.bandwidth !== bandwidth) {
      memo.snapshot = { ...this.info, bandwidth, segments: memo.segments, ended: this._ended };
    }
    return memo.snapshot;
  }

  /** Stream ms from the first segment's start to the newest part's end (0 when empty). */
  get spanMs(): number {
    const segments = (this.memo?.version === this.version ? this.memo : this.remember()).segments;
    const first = segments[0];
    const last = segments.at(-1);
    return first && last ? last.startMs + last.durationMs - first.startMs : 0;
  }

  private remember(): WindowMemo {
    const segments: SegmentRef[] = [];
    for (const segment of this.segments) {
      const start = segment.startMs;
      if (start === undefined) continue;
      const last = segment.parts.at(-1)?.ref;
      const end = segment.endMs ?? (last ? last.startMs + last.durationMs : start);
      segments.push({
        msn: segment.msn,
        startMs: start,
        durationMs: end - start,
        complete: segment.endMs !== undefined,
        independent: segment.independent,
        parts: segment.parts.map((part) => part.ref),
      });
    }
    this.memo = { version: this.version, segments };
    return this.memo;
  }

  private find(msn: number): StoredSegment | undefined {
    // Segments are few (a minute of ~1 s ones) and sorted; scan from the end, where requests go.
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i];
      if (segment?.msn === msn) return segment;
      if (segment && segment.msn < msn) return undefined;
    }
    return undefined;
  }
}
