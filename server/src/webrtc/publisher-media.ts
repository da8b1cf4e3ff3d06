import type { RtpPacket as WeriftRtpPacket } from 'werift';
import type { TrackConfig } from '../media/access-unit';
import type { RtpPacket } from '../media/rtp-packet';
import { StreamTimeline } from '../media/rtp-timeline';
import { H264TrackAssembler, OpusTrackAssembler, type TrackAssembler } from '../media/track-assembler';
import {
  MediaBuffer,
  type MediaReader,
  type MediaReaderListener,
  type ReaderStart,
} from '../stream/media-buffer';
import type { Logger } from '../util/logger';
import { GopCadence } from './gop-cadence';
import type { KeyframeRequester } from './keyframe-requester';
import type { MediaKind } from './publisher-session';
import type { RtpPublisher } from './rtp-publisher';

/** A live reader joining a GOP older than this waits for a new keyframe (asked for at once). */
const LIVE_GOP_MAX_AGE_MS = 1000;
/** H.264 RTP clock (RFC 6184): 90 kHz. */
const VIDEO_TICKS_PER_MS = 90;

/** What a packager needs from a live stream's media: readers, and the audio configuration up front. */
export interface LiveMedia {
  /** Opus configuration from the SDP, or undefined for a video-only stream. */
  readonly audioConfig: (TrackConfig & { kind: 'audio' }) | undefined;
  /** The latest H.264 configuration, once a keyframe with SPS/PPS arrived. */
  readonly videoConfig: (TrackConfig & { kind: 'video' }) | undefined;
  /** Whether RTP is being depacketized (some reader is attached). */
  readonly running: boolean;
  readonly readerCount: number;
  /** Stream ms of the buffered keyframe a new reader starts at, if one is buffered. */
  readonly bufferStartMs: number | undefined;
  /** Wall-clock time (Unix ms) of stream time 0: the publisher's first media. */
  readonly startUnixMs: number;
  /** The DVR window this publish keeps, fixed when it started (a config change applies to the next). */
  readonly dvrWindowMs: number;
  /** Asks the publisher for a keyframe (rate-limited with every other request). */
  requestKeyframe(): void;
  /** Stream ms of the oldest and newest media a reader can start at (the DVR window), if any. */
  readonly window: { firstMs: number; lastMs: number } | undefined;
  /**
   * Stream ms of the newest media received, the picture still held back by packaging included:
   * what a WHEP viewer may already be showing. Undefined while nothing is packaged.
   */
  readonly liveEdgeMs?: number | undefined;
  /** A reader from the live edge, or from a past time inside the window. */
  addReader(listener: MediaReaderListener, start?: ReaderStart): MediaReader;
}

/**
 * The packaging pipeline of one H.264 publisher, WHIP or ingest (RTP → access units → `MediaBuffer`). With a DVR
 * window it runs for the whole publish, so the window is full when the first reader comes. Without
 * one it runs only while it has readers: the first reader starts it (the depacketizer waits for a
 * keyframe, so a PLI goes out through the channel's rate-limited requester), the last one leaving
 * stops it and drops the buffer, and the publisher costs nothing per packet meanwhile.
 */
export class PublisherMedia implements LiveMedia {
  readonly audioConfig: (TrackConfig & { kind: 'audio' }) | undefined;
  private readonly buffer: MediaBuffer;
  private pipeline: { stop(): void } | undefined;
  private disposed = false;
  /** Stream time 0, fixed when the pipeline first starts (the first media, or then if none came yet). */
  private origin: number | undefined;
  /** RTP timestamp (u32) of the newest video packet received while the pipeline runs. */
  private newestVideoRtp: number | undefined;
  /** The newest packaged picture's RTP timestamp and stream time, to place `newestVideoRtp` on the timeline. */
  private packagedVideo: { rtp: number; streamMs: number } | undefined;

  constructor(
    private readonly publisher: RtpPublisher,
    private readonly keyframes: KeyframeRequester,
    private readonly log: Logger,
    readonly dvrWindowMs = 0,
    private readonly keyframeCadenceMs = 0,
  ) {
    const audio = publisher.codecs.audio;
    this.audioConfig = audio && {
      kind: 'audio',
      timescale: 48000,
      codec: 'opus',
      sampleRate: 48000,
      channelCount: audio.channels ?? 2,
    };
    this.buffer = new MediaBuffer({
      dvrWindowMs,
      onOverflow: (reader, dropped) =>
        log.warn(
          { stream: publisher.streamName, dropped, overflows: reader.overflows },
          `a packager reader of ${publisher.streamName} fell behind; dropped to the next keyframe`,
        ),
      onListenerError: (error) => log.error({ err: error }, 'media reader failed'),
      onKeyframeNeeded: () => this.keyframes.request(),
      onReaderClosed: (remaining) => {
        if (remaining === 0 && this.dvrWindowMs === 0) this.stop();
      },
    });
    if (dvrWindowMs > 0) this.start();
  }

  /** Stream ms of the oldest and newest media a reader can start at (the DVR window), if any. */
  get window(): { firstMs: number; lastMs: number } | undefined {
    const { firstMs, lastMs } = this.buffer;
    return firstMs === undefined || lastMs === undefined ? undefined : { firstMs, lastMs };
  }

  /**
   * The newest media pushed, or the newest video picture received if that is later: packaging holds
   * each picture back until the next one arrives (its duration), while WHEP forwards it at once, so
   * a viewer can show a picture the buffer does not hold yet — a whole frame interval ahead, hundreds
   * of ms when the publisher's encoder drops frames. An event stamped behind it would reach the
   * viewer after its frame was shown. The picture is placed from the newest packaged one on the
   * 90 kHz clock (the timeline's slewing over one frame interval is well under a millisecond).
   */
  get liveEdgeMs(): number | undefined {
    const last = this.buffer.lastMs;
    const packaged = this.packagedVideo;
    const rtp = this.newestVideoRtp;
    if (last === undefined || !packaged || rtp === undefined) return last;
    const received = packaged.streamMs + ((rtp - packaged.rtp) | 0) / VIDEO_TICKS_PER_MS;
    return Math.max(last, received);
  }

  get videoConfig(): (TrackConfig & { kind: 'video' }) | undefined {
    const config = this.buffer.videoConfig;
    return config?.kind === 'video' ? config : undefined;
  }

  get readerCount(): number {
    return this.buffer.readerCount;
  }

  get bufferStartMs(): number | undefined {
    return this.buffer.buffered[0]?.streamMs;
  }

  get startUnixMs(): number {
    return this.origin ?? (this.publisher.firstMediaAt || Date.now());
  }

  requestKeyframe(): void {
    this.keyframes.request();
  }

  /** Whether RTP is being depacketized (some reader is attached). */
  get running(): boolean {
    return this.pipeline !== undefined;
  }

  addReader(listener: MediaReaderListener, start?: ReaderStart): MediaReader {
    // A live reader starts on a fresh keyframe rather than seconds behind: WebRTC publishers send
    // one only when asked, so the buffered GOP can be as old as the publish.
    const reader = this.buffer.addReader(listener, { maxAgeMs: LIVE_GOP_MAX_AGE_MS, ...start });
    if (!this.disposed) this.start();
    return reader;
  }

  /** The publisher ended: readers are told, the pipeline stops. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stop();
    this.buffer.end();
  }

  private start(): void {
    if (this.pipeline) return;
    const { publisher } = this;
    // Stream time 0 is the publisher's first media, whenever this pipeline starts.
    const timeline = new StreamTimeline((this.origin ??= this.startUnixMs));
    const assemblers: Record<MediaKind, TrackAssembler | undefined> = {
      video: new H264TrackAssembler(timeline),
      audio: this.audioConfig ? new OpusTrackAssembler(timeline, this.audioConfig.channelCount) : undefined,
    };
    for (const kind of ['video', 'audio'] as const) {
      const report = publisher.lastSenderReport(kind);
      if (report) assemblers[kind]?.onSenderReport(report);
    }
    const gop = new GopCadence(this.keyframeCadenceMs, () => this.keyframes.request());
    const offRtp = publisher.media.on('rtp', (kind, packet) => {
      const assembler = assemblers[kind];
      if (!assembler) return;
      if (kind === 'video') this.newestVideoRtp = packet.header.timestamp;
      for (const unit of assembler.push(toRtpPacket(packet), Date.now())) {
        this.buffer.push(unit);
        if (unit.kind !== 'video') continue;
        gop.observe(unit.streamMs);
        if (unit.rtpTimestamp !== undefined)
          this.packagedVideo = { rtp: unit.rtpTimestamp, streamMs: unit.streamMs };
      }
      if (assembler.needKeyframe) this.keyframes.request();
    });
    const offReport = publisher.media.on('senderReport', (kind, report) =>
      assemblers[kind]?.onSenderReport(report),
    );
    this.pipeline = {
      stop: () => {
        offRtp();
        offReport();
        const { video, audio } = assemblers;
        this.log.debug(
          { stream: publisher.streamName, video: video?.counters, audio: audio?.counters },
          `packaging pipeline of ${publisher.streamName} stopped`,
        );
      },
    };
    this.keyframes.request();
  }

  private stop(): void {
    this.pipeline?.stop();
    this.pipeline = undefined;
    this.newestVideoRtp = undefined;
    this.packagedVideo = undefined;
    this.buffer.clear();
  }
}

/** The header fields the depacketizers read; the payload is shared, not copied. */
function toRtpPacket(packet: WeriftRtpPacket): RtpPacket {
  const { header } = packet;
  return {
    payloadType: header.payloadType,
    sequenceNumber: header.sequenceNumber,
    timestamp: header.timestamp,
    marker: header.marker,
    ssrc: header.ssrc,
    payload: packet.payload,
  };
}
