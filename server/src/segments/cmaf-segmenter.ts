import { fragment, ID3_BRAND, initBrands, initSegment, type CmafTrack } from '../cmaf';
import type { AccessUnit, TrackConfig } from '../media/access-unit';
import { contiguous } from '../mp4/mp4-fragmenter';
import type { PartRef, RenditionKind } from './segment-model';

export interface CmafSegmenterOptions {
  video: TrackConfig & { kind: 'video' };
  audio?: TrackConfig & { kind: 'audio' };
  /** Nominal segment length: segment N covers about [N × segmentMs, (N + 1) × segmentMs) of stream time. */
  segmentMs?: number;
  /** A part is cut at the first video frame at least this far past the part's start. */
  partMs?: number;
  /** A keyframe up to this long before a segment's nominal end starts the next segment. */
  earlyKeyframeMs?: number;
  /**
   * Past its nominal end by this much with no keyframe, a segment is cut anyway (the next one is
   * not independent): segment numbers stay tied to stream time, which LL-DASH's `$Number$`
   * addressing needs, at the price of a segment a new client cannot start on.
   */
  lateCutMs?: number;
  /**
   * Boxes to put in front of a video part's `moof` (metadata `emsg`s), asked for once per part as
   * it is made, with the part's range on the stream timeline `[startMs, endMs)`.
   */
  videoLeadingBoxes?: (range: { startMs: number; endMs: number }) => readonly Uint8Array[];
}

export type SegmenterEvent =
  /** A segment starts, for every rendition: its parts follow. */
  | { type: 'segment'; msn: number; startMs: number; independent: boolean }
  /** One rendition's part (a `moof` + `mdat` of that track alone). */
  | { type: 'part'; kind: RenditionKind; msn: number; part: PartRef; bytes: Uint8Array }
  /** The segment is complete at `endMs` for every rendition. */
  | { type: 'segment-end'; msn: number; endMs: number };

export const SEGMENTER_DEFAULTS = {
  segmentMs: 1000,
  partMs: 212,
  earlyKeyframeMs: 300,
  lateCutMs: 400,
} as const;

/** The shortest segment a keyframe ends early to make the next one independent. */
const MIN_REPAIR_SEGMENT_MS = 300;

const VIDEO_TRACK_ID = 1;
const AUDIO_TRACK_ID = 1;

interface OpenSegment {
  msn: number;
  startMs: number;
  nominalEndMs: number;
  independent: boolean;
  parts: Record<RenditionKind, number>;
  keyframeAsked: boolean;
}

/**
 * Live access units (video and audio of one stream, in arrival order) → single-track CMAF parts
 * and segments for LL-HLS and LL-DASH, on the stream timeline (pure: no clock, no I/O).
 *
 * Video drives the cuts. A part ends at the first video frame `partMs` past its start, or at any
 * keyframe (so a part starting on one is independent, where a client can join). A segment ends
 * at a keyframe near its nominal end — `wantKeyframe` tells the caller when to ask the publisher
 * for one — or, when none came, `lateCutMs` after it. Audio is cut at the video's cut times, so
 * both renditions share segment numbers and boundaries (within one audio packet).
 */
export class CmafSegmenter {
  readonly videoInit: Uint8Array;
  readonly audioInit: Uint8Array | undefined;
  private readonly videoTrack: CmafTrack;
  private readonly audioTrack: CmafTrack | undefined;
  private readonly avcC: Uint8Array;
  private readonly options: Required<Omit<CmafSegmenterOptions, 'video' | 'audio' | 'videoLeadingBoxes'>>;
  private readonly videoLeadingBoxes: CmafSegmenterOptions['videoLeadingBoxes'];
  private segment: OpenSegment | undefined;
  private partStartMs = 0;
  private partIndependent = false;
  private video: AccessUnit[] = [];
  private audio: AccessUnit[] = [];
  private sequence: Record<RenditionKind, number> = { video: 1, audio: 1 };
  private _configChanged = false;

  constructor(options: CmafSegmenterOptions) {
    this.options = {
      segmentMs: options.segmentMs ?? SEGMENTER_DEFAULTS.segmentMs,
      partMs: options.partMs ?? SEGMENTER_DEFAULTS.partMs,
      earlyKeyframeMs: options.earlyKeyframeMs ?? SEGMENTER_DEFAULTS.earlyKeyframeMs,
      lateCutMs: options.lateCutMs ?? SEGMENTER_DEFAULTS.lateCutMs,
    };
    this.videoLeadingBoxes = options.videoLeadingBoxes;
    const { video, audio } = options;
    this.avcC = video.avcC;
    this.videoTrack = {
      id: VIDEO_TRACK_ID,
      kind: 'video',
      codec: 'avc1',
      timescale: video.timescale,
      width: video.width,
      height: video.height,
      avcC: video.avcC,
    };
    // `aid3`: the video fragments may carry ID3 `emsg` (AOMedia id3-emsg); the init cannot change
    // when a metadata track first appears mid-stream, so it is always announced.
    this.videoInit = initSegment([this.videoTrack], [...initBrands, ID3_BRAND]);
    this.audioTrack = audio && {
      id: AUDIO_TRACK_ID,
      kind: 'audio',
      codec: 'opus',
      timescale: 48000,
      channels: audio.channelCount,
      sampleRate: 48000,
      preSkip: 0,
    };
    this.audioInit = this.audioTrack && initSegment([this.audioTrack]);
  }

  get segmentMs(): number {
    return this.options.segmentMs;
  }

  /** The open segment's number, once the first keyframe arrived. */
  get currentMsn(): number | undefined {
    return this.segment?.msn;
  }

  /** Whether the open segment starts on a keyframe (false after a late cut, until the next keyframe). */
  get segmentIndependent(): boolean {
    return this.segment?.independent ?? true;
  }

  /** A unit brought another video configuration: the renditions' init no longer fits; nothing more is cut. */
  get configChanged(): boolean {
    return this._configChanged;
  }

  /**
   * Whether to ask the publisher for a keyframe now (`nowMs`: the latest stream time seen), so the
   * open segment can end on one: true once per segment, `leadMs` before its nominal end (the
   * time a keyframe request takes to come back as a keyframe).
   */
  wantKeyframe(nowMs: number, leadMs: number): boolean {
    const segment = this.segment;
    if (!segment || segment.keyframeAsked || nowMs < segment.nominalEndMs - leadMs) return false;
    segment.keyframeAsked = true;
    return true;
  }

  push(unit: AccessUnit): SegmenterEvent[] {
    if (this._configChanged) return [];
    if (unit.kind === 'audio') {
      if (!this.audioTrack) return [];
      // Audio may run ahead of video a little; before the first keyframe keep only the latest.
      if (!this.segment && this.audio.length >= 50) this.audio.shift();
      this.audio.push(unit);
      return [];
    }
    if (unit.config?.kind === 'video' && !equalBytes(unit.config.avcC, this.avcC)) {
      this._configChanged = true;
      return this.flush(unit.streamMs);
    }
    const t = unit.streamMs;
    const segment = this.segment;
    if (!segment) {
      if (!unit.keyframe) return [];
      this.audio = this.audio.filter((audio) => audio.streamMs >= t);
      const events = [this.openSegment(Math.round(t / this.options.segmentMs), t, true)];
      this.video.push(unit);
      return events;
    }
    const { earlyKeyframeMs, lateCutMs, segmentMs, partMs } = this.options;
    const elapsed = t - segment.startMs;
    const endsSegment =
      (unit.keyframe && t >= segment.nominalEndMs - earlyKeyframeMs && elapsed >= segmentMs / 2) ||
      // A segment a client cannot start on is ended by the first keyframe that comes.
      (unit.keyframe && !segment.independent && elapsed >= MIN_REPAIR_SEGMENT_MS) ||
      t >= segment.nominalEndMs + lateCutMs;
    const endsPart = endsSegment || unit.keyframe || t - this.partStartMs >= partMs;
    const events: SegmenterEvent[] = [];
    if (endsPart && this.video.length > 0) events.push(...this.cutPart(unit));
    if (endsSegment) {
      events.push({ type: 'segment-end', msn: segment.msn, endMs: t });
      const msn = Math.max(segment.msn + 1, Math.round(t / segmentMs));
      events.push(this.openSegment(msn, t, unit.keyframe));
    } else if (endsPart) {
      this.partStartMs = t;
      this.partIndependent = unit.keyframe;
    }
    this.video.push(unit);
    return events;
  }

  /** End of stream (`endMs`: where the last frame ends, if known): the open part and segment close. */
  flush(endMs?: number): SegmenterEvent[] {
    const segment = this.segment;
    if (!segment) return [];
    const last = this.video.at(-1);
    const events = this.cutPart(undefined);
    const end = Math.max(
      endMs ?? 0,
      last ? last.streamMs + ((last.duration ?? 0) * 1000) / this.videoTrack.timescale : 0,
      segment.startMs,
    );
    events.push({ type: 'segment-end', msn: segment.msn, endMs: end });
    this.segment = undefined;
    return events;
  }

  private openSegment(msn: number, startMs: number, independent: boolean): SegmenterEvent {
    this.segment = {
      msn,
      startMs,
      nominalEndMs: (msn + 1) * this.options.segmentMs,
      independent,
      parts: { video: 0, audio: 0 },
      keyframeAsked: false,
    };
    this.partStartMs = startMs;
    this.partIndependent = independent;
    return { type: 'segment', msn, startMs, independent };
  }

  /** The pending video (and the audio before `next`) as one part per rendition. */
  private cutPart(next: AccessUnit | undefined): SegmenterEvent[] {
    const segment = this.segment;
    if (!segment || this.video.length === 0) return [];
    const events: SegmenterEvent[] = [];
    const cutMs = next?.streamMs ?? Infinity;
    const videoSamples = contiguous(this.video, next);
    this.video = [];
    const videoPart = this.part('video', segment, videoSamples, this.partIndependent);
    if (videoPart) events.push(videoPart);

    if (this.audioTrack) {
      const split = this.audio.findIndex((unit) => unit.streamMs >= cutMs);
      const audio = split < 0 ? this.audio : this.audio.slice(0, split);
      this.audio = split < 0 ? [] : this.audio.slice(split);
      const audioPart = this.part('audio', segment, contiguous(audio, this.audio[0]), true);
      if (audioPart) events.push(audioPart);
    }
    return events;
  }

  private part(
    kind: RenditionKind,
    segment: OpenSegment,
    samples: ReturnType<typeof contiguous>,
    independent: boolean,
  ): SegmenterEvent | undefined {
    const track = kind === 'video' ? this.videoTrack : this.audioTrack;
    const first = samples[0];
    const last = samples.at(-1);
    if (!track || !first || !last) return undefined;
    const scale = track.timescale / 1000;
    const startMs = first.dts / scale;
    const durationMs = (last.dts + last.duration - first.dts) / scale;
    const leadingBoxes =
      kind === 'video' ? this.videoLeadingBoxes?.({ startMs, endMs: startMs + durationMs }) : undefined;
    const bytes = fragment({
      sequenceNumber: this.sequence[kind]++,
      tracks: [{ track, samples }],
      ...(leadingBoxes && leadingBoxes.length > 0 ? { leadingBoxes } : {}),
    });
    const part: PartRef = { index: segment.parts[kind]++, startMs, durationMs, independent };
    return { type: 'part', kind, msn: segment.msn, part, bytes };
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
