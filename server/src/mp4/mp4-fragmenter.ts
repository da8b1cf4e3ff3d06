import type { MetadataEvent } from '@brume/protocol';
import {
  fragment,
  ID3_BRAND,
  initBrands,
  initSegment,
  metadataEmsg,
  type CmafSample,
  type CmafTrack,
} from '../cmaf';
import type { AccessUnit, TrackConfig } from '../media/access-unit';

export interface Mp4FragmenterOptions {
  /** The H.264 configuration of the first keyframe (its `avcC` goes into the init segment); unset: audio only. */
  video?: TrackConfig & { kind: 'video' };
  /** Opus, when the stream has audio. */
  audio?: TrackConfig & { kind: 'audio' };
  /** A fragment is cut at the first video unit this far (stream ms) past the fragment's start, and at every keyframe. */
  targetMs?: number;
  /**
   * The stored metadata events whose time is in [fromMs, toMs) (the stream's `MetadataStore`
   * `between`): set, each fragment carries those of its span as ID3 `emsg` boxes before its `moof`
   * and the init lists the `aid3` brand.
   */
  metadata?: (fromMs: number, toMs: number) => readonly MetadataEvent[];
}

export const VIDEO_TRACK_ID = 1;
export const AUDIO_TRACK_ID = 2;
const DEFAULT_TARGET_MS = 100;
/** Audio packets kept while waiting for the first keyframe (1 s of 20 ms packets). */
const MAX_AUDIO_BEFORE_START = 50;

/**
 * Live access units (one stream's video and audio, in arrival order, starting at a video keyframe)
 * to a two-track fragmented MP4: `init` once, then `moof`+`mdat` fragments of about `targetMs`,
 * cut on video frames so audio and video share each fragment's time span. `tfdt` is the unit's dts
 * on the stream timeline, so every output of a stream carries the same time.
 *
 * Inside a fragment each sample's duration is stretched or shrunk to reach the next sample's dts
 * (the `trun` stores durations only): gaps from loss, DTX or a reader that was dropped are absorbed
 * by the sample before them. A new video configuration (SPS/PPS) cannot be expressed in the same
 * file (`avc1` keeps it in the init segment): `configChanged` turns true and the consumer ends
 * the file.
 *
 * With `metadata`, a fragment carries the events of its span [first unit, next fragment's first
 * unit) as `emsg` (v1, the carrying track's timescale, so `presentation_time` is on the same scale
 * as `tfdt`); an event accepted after its span went out is handed over with `addLateEvent`.
 */
export class Mp4Fragmenter {
  readonly init: Uint8Array;
  private readonly videoTrack: CmafTrack | undefined;
  private readonly audioTrack: CmafTrack | undefined;
  private readonly avcC: Uint8Array | undefined;
  private readonly targetMs: number;
  private sequenceNumber = 1;
  private video: AccessUnit[] = [];
  private audio: AccessUnit[] = [];
  private startMs: number | undefined;
  private _configChanged = false;
  private readonly metadata: Mp4FragmenterOptions['metadata'];
  /** Stream ms of the first fragment output: an event before it is not this file's. */
  private outputFromMs: number | undefined;
  /** Stream ms up to which fragments were output (the start of the next one): later events are still to come. */
  private outputToMs = -Infinity;
  /** Events that arrived after their span was output, for the next fragment. */
  private late: MetadataEvent[] = [];

  constructor(options: Mp4FragmenterOptions) {
    const { video, audio } = options;
    this.avcC = video?.avcC;
    this.targetMs = options.targetMs ?? DEFAULT_TARGET_MS;
    this.videoTrack = video && {
      id: VIDEO_TRACK_ID,
      kind: 'video',
      codec: 'avc1',
      timescale: video.timescale,
      width: video.width,
      height: video.height,
      avcC: video.avcC,
    };
    this.audioTrack = audio && {
      id: AUDIO_TRACK_ID,
      kind: 'audio',
      codec: 'opus',
      timescale: 48000,
      channels: audio.channelCount,
      sampleRate: 48000,
      // Live: the encoder's priming samples are long gone; nothing to trim.
      preSkip: 0,
    };
    const tracks = [this.videoTrack, this.audioTrack].filter((track) => track !== undefined);
    if (tracks.length === 0) throw new RangeError('an MP4 needs a video or an audio track');
    this.metadata = options.metadata;
    this.init = initSegment(tracks, this.metadata ? [...initBrands, ID3_BRAND] : initBrands);
  }

  /** A unit brought a video configuration other than the init segment's; nothing more is output. */
  get configChanged(): boolean {
    return this._configChanged;
  }

  /** Stream ms of the pending video's (audio-only: audio's) first unit: where the next fragment out starts. */
  get pendingStartMs(): number | undefined {
    return this.videoTrack ? this.video[0]?.streamMs : this.audio[0]?.streamMs;
  }

  /**
   * An event accepted after the fragmenter started. One whose time lies in a span already output
   * goes in front of the next fragment, late but still in the file (its `presentation_time` then
   * precedes that fragment's); a later one is left to `metadata` when its fragment is cut.
   */
  addLateEvent(event: MetadataEvent): void {
    if (!this.metadata || this.outputFromMs === undefined) return;
    if (event.time >= this.outputFromMs && event.time < this.outputToMs) this.late.push(event);
  }

  /** Adds a unit; returns the fragments it completed (usually none or one). */
  push(unit: AccessUnit): Uint8Array[] {
    if (this._configChanged) return [];
    if (unit.kind === 'audio') {
      if (!this.audioTrack) return [];
      if (!this.videoTrack) {
        // Audio only: fragments of `targetMs` of audio.
        const first = this.audio[0];
        const out = first && unit.streamMs - first.streamMs >= this.targetMs ? this.cutAudio(unit) : [];
        this.audio.push(unit);
        return out;
      }
      // Audio arrives up to a frame ahead of video (pictures are held back one frame): keep a little
      // before the first keyframe, and trim it to the keyframe's time there.
      if (this.startMs === undefined && this.audio.length >= MAX_AUDIO_BEFORE_START) this.audio.shift();
      if (this.startMs === undefined || unit.streamMs >= this.startMs) this.audio.push(unit);
      return [];
    }
    if (!this.videoTrack || !this.avcC) return [];
    if (unit.config?.kind === 'video' && !equalBytes(unit.config.avcC, this.avcC)) {
      this._configChanged = true;
      return this.cut(unit);
    }
    if (this.startMs === undefined) {
      if (!unit.keyframe) return [];
      const startMs = unit.streamMs;
      this.startMs = startMs;
      this.audio = this.audio.filter((audio) => audio.streamMs >= startMs);
    }
    const first = this.video[0];
    const out =
      first && (unit.keyframe || unit.streamMs - first.streamMs >= this.targetMs) ? this.cut(unit) : [];
    this.video.push(unit);
    return out;
  }

  /** End of stream: whatever is pending, as a last fragment. */
  flush(): Uint8Array[] {
    return this.videoTrack ? this.cut(undefined) : this.cutAudio(undefined);
  }

  /** Audio only: the pending audio as one fragment. */
  private cutAudio(next: AccessUnit | undefined): Uint8Array[] {
    if (!this.audioTrack || this.audio.length === 0) return [];
    const samples = contiguous(this.audio, next);
    const leadingBoxes = this.eventBoxes(this.audioTrack, this.audio, next);
    this.audio = [];
    return [
      fragment({
        sequenceNumber: this.sequenceNumber++,
        tracks: [{ track: this.audioTrack, samples }],
        leadingBoxes,
      }),
    ];
  }

  /** The pending video, and the audio before `next` (the video unit that starts the next fragment). */
  private cut(next: AccessUnit | undefined): Uint8Array[] {
    if (!this.videoTrack || this.video.length === 0) return [];
    const cutMs = next?.streamMs ?? Infinity;
    const split = this.audio.findIndex((unit) => unit.streamMs >= cutMs);
    const audio = split < 0 ? this.audio : this.audio.slice(0, split);
    this.audio = split < 0 ? [] : this.audio.slice(split);
    const tracks = [{ track: this.videoTrack, samples: contiguous(this.video, next) }];
    if (this.audioTrack && audio.length > 0) {
      tracks.push({ track: this.audioTrack, samples: contiguous(audio, this.audio[0]) });
    }
    const leadingBoxes = this.eventBoxes(this.videoTrack, this.video, next);
    this.video = [];
    return [fragment({ sequenceNumber: this.sequenceNumber++, tracks, leadingBoxes })];
  }

  /**
   * The `emsg` boxes of the fragment of `units` (up to `next`, or just past its last unit at the
   * end): the late events first, then the span's in time order.
   */
  private eventBoxes(
    track: CmafTrack,
    units: readonly AccessUnit[],
    next: AccessUnit | undefined,
  ): Uint8Array[] {
    const first = units[0];
    const last = units.at(-1);
    if (!this.metadata || !first || !last) return [];
    const toMs = next?.streamMs ?? last.streamMs + 1;
    const events = [...this.late, ...this.metadata(first.streamMs, toMs)];
    this.late = [];
    this.outputFromMs ??= first.streamMs;
    this.outputToMs = toMs;
    return events.map((event) => metadataEmsg(event, track.timescale));
  }
}

/**
 * Samples whose durations each reach the next dts (`next` for the last, when known), leaving out
 * any unit that does not move time forward. New objects: units are shared between readers.
 */
export function contiguous(units: readonly AccessUnit[], next: AccessUnit | undefined): CmafSample[] {
  const samples: CmafSample[] = [];
  for (const unit of units) {
    const previous = samples.at(-1);
    if (previous) {
      if (unit.dts <= previous.dts) continue;
      previous.duration = unit.dts - previous.dts;
    }
    samples.push({
      dts: unit.dts,
      cts: unit.cts,
      duration: unit.duration ?? previous?.duration ?? 0,
      keyframe: unit.keyframe,
      data: unit.data,
    });
  }
  const last = samples.at(-1);
  if (last && next && next.dts > last.dts) last.duration = next.dts - last.dts;
  return samples;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
