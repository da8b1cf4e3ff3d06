import type { AccessUnit, TrackConfig } from './access-unit';
import { H264Depacketizer, type H264DepacketizerResult } from './h264-depacketizer';
import { H264ParameterSets, toAvccSample } from './h264-parameter-sets';
import { OpusDepacketizer } from './opus-depacketizer';
import type { RtpPacket } from './rtp-packet';
import type { RtpTimeline, SenderReportTiming, StreamTimeline } from './rtp-timeline';

export interface TrackAssemblerCounters {
  framesOut: number;
  /** Frames lost to missing packets, plus frames dropped while waiting for a keyframe. */
  framesDropped: number;
  packetsLost: number;
  /** Times the track started waiting for a keyframe after a loss (each one is worth a PLI). */
  keyframesNeeded: number;
}

/** Turns one track's RTP packets and sender reports into access units on the stream timeline. */
export interface TrackAssembler {
  readonly needKeyframe: boolean;
  readonly counters: TrackAssemblerCounters;
  onSenderReport(report: SenderReportTiming): void;
  push(packet: RtpPacket, arrivalMs: number): AccessUnit[];
  /** End of stream: returns what is still held back. */
  flush(): AccessUnit[];
}

const VIDEO_CLOCK = 90000;
const AUDIO_CLOCK = 48000;

/**
 * H.264 track: depacketizes, tracks SPS/PPS, and emits AVCC samples. Each picture is held back until
 * the next one arrives, because its duration (which `trun` needs) is the distance to the next dts;
 * that costs one frame of latency. After a loss the held picture's duration spans the gap, so video
 * has no holes on the timeline.
 */
export class H264TrackAssembler implements TrackAssembler {
  private readonly depacketizer = new H264Depacketizer();
  private readonly parameterSets = new H264ParameterSets();
  private readonly timeline: RtpTimeline;
  private held: AccessUnit | undefined;
  private lastDuration: number | undefined;
  private nextConfig: TrackConfig | undefined;
  /** Pictures the depacketizer passed but that cannot be packaged (no SPS/PPS yet), and their dependants. */
  private waitingForPackageableKeyframe = true;
  private framesOut = 0;
  private framesUnpackaged = 0;
  private lastArrivalMs = 0;

  constructor(stream: StreamTimeline) {
    this.timeline = stream.addTrack(VIDEO_CLOCK);
  }

  get needKeyframe(): boolean {
    return this.depacketizer.needKeyframe || this.waitingForPackageableKeyframe;
  }

  get counters(): TrackAssemblerCounters {
    const { framesDropped, packetsLost, keyframesNeeded } = this.depacketizer.counters;
    return {
      framesOut: this.framesOut,
      framesDropped: framesDropped + this.framesUnpackaged,
      packetsLost,
      keyframesNeeded,
    };
  }

  onSenderReport(report: SenderReportTiming): void {
    this.timeline.onSenderReport(report);
  }

  push(packet: RtpPacket, arrivalMs: number): AccessUnit[] {
    this.lastArrivalMs = arrivalMs;
    return this.assemble(this.depacketizer.push(packet), arrivalMs);
  }

  flush(): AccessUnit[] {
    const out = this.assemble(this.depacketizer.flush(), this.lastArrivalMs);
    if (this.held) {
      this.held.duration = this.lastDuration;
      out.push(this.held);
      this.framesOut++;
      this.held = undefined;
    }
    return out;
  }

  private assemble(results: H264DepacketizerResult[], arrivalMs: number): AccessUnit[] {
    const out: AccessUnit[] = [];
    for (const result of results) {
      if (result.kind !== 'frame') continue;
      const { frame } = result;
      if (this.parameterSets.update(frame.nalUnits) && this.parameterSets.config) {
        this.nextConfig = { kind: 'video', timescale: VIDEO_CLOCK, ...this.parameterSets.config };
      }
      const data = toAvccSample(frame.nalUnits);
      if (data.length === 0) continue; // parameter sets alone: nothing to show
      if (!this.parameterSets.config || (this.waitingForPackageableKeyframe && !frame.keyframe)) {
        this.waitingForPackageableKeyframe = true;
        this.framesUnpackaged++;
        continue;
      }
      this.waitingForPackageableKeyframe = false;
      // The arrival of the packet that completed the picture: it anchors the track's first picture.
      const time = this.timeline.toStreamTime(frame.timestamp, arrivalMs);
      const unit: AccessUnit = {
        kind: 'video',
        dts: time.ticks,
        cts: 0,
        keyframe: frame.keyframe,
        data,
        streamMs: time.ms,
        rtpTimestamp: frame.timestamp,
      };
      if (this.nextConfig) unit.config = this.nextConfig;
      this.nextConfig = undefined;
      if (this.held) {
        this.held.duration = unit.dts - this.held.dts;
        this.lastDuration = this.held.duration;
        out.push(this.held);
        this.framesOut++;
      }
      this.held = unit;
    }
    return out;
  }
}

/**
 * Opus track: one access unit per packet, duration from the TOC. Audio needs no hold-back and no
 * keyframes; lost packets are simply missing (the packager sees a dts gap, as with DTX silence).
 */
export class OpusTrackAssembler implements TrackAssembler {
  readonly needKeyframe = false;
  private readonly depacketizer = new OpusDepacketizer();
  private readonly timeline: RtpTimeline;
  private config: TrackConfig | undefined;

  /** `channelCount`: from the SDP (`opus/48000/2`), which WebRTC always signals as 2. */
  constructor(stream: StreamTimeline, channelCount = 2) {
    this.timeline = stream.addTrack(AUDIO_CLOCK);
    this.config = {
      kind: 'audio',
      timescale: AUDIO_CLOCK,
      codec: 'opus',
      sampleRate: AUDIO_CLOCK,
      channelCount,
    };
  }

  get counters(): TrackAssemblerCounters {
    const { framesOut, packetsLost, packetsMalformed } = this.depacketizer.counters;
    return { framesOut, framesDropped: packetsMalformed, packetsLost, keyframesNeeded: 0 };
  }

  onSenderReport(report: SenderReportTiming): void {
    this.timeline.onSenderReport(report);
  }

  push(packet: RtpPacket, arrivalMs: number): AccessUnit[] {
    const out: AccessUnit[] = [];
    for (const result of this.depacketizer.push(packet)) {
      if (result.kind !== 'frame') continue;
      const time = this.timeline.toStreamTime(result.frame.timestamp, arrivalMs);
      const unit: AccessUnit = {
        kind: 'audio',
        dts: time.ticks,
        cts: 0,
        duration: result.frame.samples,
        keyframe: true,
        data: result.frame.data,
        streamMs: time.ms,
        rtpTimestamp: result.frame.timestamp,
      };
      if (this.config) unit.config = this.config;
      this.config = undefined;
      out.push(unit);
    }
    return out;
  }

  flush(): AccessUnit[] {
    return [];
  }
}
