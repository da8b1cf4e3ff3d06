import { RtpUnwrapper } from './rtp-unwrap';

/** 64-bit NTP time from an RTCP sender report: 32.32 fixed point as one bigint, or [seconds, fraction]. */
export type NtpTime = bigint | readonly [seconds: number, fraction: number];

/** The part of an RTCP sender report (RFC 3550 §6.4.1) that ties a track's RTP clock to wall time. */
export interface SenderReportTiming {
  ntpTime: NtpTime;
  /** u32, the same instant as `ntpTime` on the track's RTP clock. */
  rtpTimestamp: number;
}

export interface StreamTime {
  /** Milliseconds on the stream timeline (0 = first media of the stream). */
  ms: number;
  /** The same instant in the track's clock (90000 or 48000 Hz): an integer that never wraps nor decreases. */
  ticks: number;
}

/** One track's view of the stream timeline. */
export interface RtpTimeline {
  readonly clockRate: number;
  onSenderReport(report: SenderReportTiming): void;
  /** Maps a (wrapping) RTP timestamp; `arrivalMs` (any monotonic ms clock) matters for the first call only. */
  toStreamTime(rtpTimestamp: number, arrivalMs: number): StreamTime;
}

/**
 * Corrections are spread over media time at this rate (5 ms per 100 ms of media) instead of being
 * applied at once, so the timeline never steps back and audio timestamps stay within 5 % of their
 * sample counts; a 50 ms A/V correction is done within a second of media.
 */
export const SLEW_RATE = 0.05;
/** A forward correction beyond this is applied at once: a one-off gap beats tens of seconds out of sync. */
const MAX_SLEW_MS = 1000;

export function ntpToMs(ntp: NtpTime): number {
  const [seconds, fraction] = typeof ntp === 'bigint' ? [Number(ntp >> 32n), Number(ntp & 0xffffffffn)] : ntp;
  return seconds * 1000 + (fraction / 2 ** 32) * 1000;
}

interface TrackClock {
  clockRate: number;
  unwrapper: RtpUnwrapper;
  /** ticks = extended RTP timestamp + offset; undefined until the track's first packet. */
  offset?: number;
  /** Correction still to apply to `offset`, in ticks. */
  pending: number;
  lastExtended?: number;
  lastTicks?: number;
  report?: { ntpMs: number; extended: number };
}

/**
 * The one timeline of a stream (DESIGN.md "One timeline"): 0 is the arrival of its first media, and
 * every track's RTP timestamps are mapped onto it.
 *
 * Before sender reports, a track is anchored by the arrival of its first packet: its first
 * timestamp maps to (that arrival − the stream's first arrival), and later timestamps follow its RTP
 * clock. Arrival includes network and encoder delay, so audio and video can be tens of ms apart.
 *
 * Once every track has a sender report, tracks map through NTP, the sender's capture clock, which
 * puts audio and video exactly in sync. The NTP origin is chosen so that no track has to move back:
 * one track keeps its position and the others move forward. Later reports (sent every few seconds)
 * follow the drift between the sender's audio and video clocks the same way.
 *
 * A late report moves a track that has already been output. Policy: the timeline never goes back.
 * Every correction is slewed at `SLEW_RATE` of elapsed media time, so a backward one shrinks the
 * spacing of the next units rather than reusing a past time; a forward one over `MAX_SLEW_MS` is
 * applied at once (a gap). Until slewing has finished, A/V sync is off by the remaining correction.
 */
export class StreamTimeline {
  private readonly tracks: TrackClock[] = [];
  private originArrivalMs: number | undefined;

  /**
   * `originArrivalMs`: the arrival of the stream's first media on the clock callers pass as
   * `arrivalMs`, when it is known already (a pipeline started on demand, after the stream began);
   * default: the first arrival seen here.
   */
  constructor(originArrivalMs?: number) {
    this.originArrivalMs = originArrivalMs;
  }
  /** stream ms = NTP ms − ntpOriginMs, once every track has a report. */
  private ntpOriginMs: number | undefined;

  /** Adds a track; NTP alignment waits for a sender report from each track added. */
  addTrack(clockRate: number): RtpTimeline {
    const track: TrackClock = { clockRate, unwrapper: new RtpUnwrapper(32), pending: 0 };
    this.tracks.push(track);
    return {
      clockRate,
      onSenderReport: (report) => this.onSenderReport(track, report),
      toStreamTime: (rtpTimestamp, arrivalMs) => this.toStreamTime(track, rtpTimestamp, arrivalMs),
    };
  }

  /** Whether tracks are mapped through NTP (every track has sent a sender report). */
  get synchronized(): boolean {
    return this.ntpOriginMs !== undefined;
  }

  private onSenderReport(track: TrackClock, report: SenderReportTiming): void {
    track.report = { ntpMs: ntpToMs(report.ntpTime), extended: track.unwrapper.unwrap(report.rtpTimestamp) };
    if (this.ntpOriginMs === undefined) this.align();
    else this.retarget(track);
  }

  private toStreamTime(track: TrackClock, rtpTimestamp: number, arrivalMs: number): StreamTime {
    this.originArrivalMs ??= arrivalMs;
    const extended = track.unwrapper.unwrap(rtpTimestamp);
    if (track.offset === undefined) {
      track.offset = Math.round(((arrivalMs - this.originArrivalMs) * track.clockRate) / 1000) - extended;
      if (this.ntpOriginMs === undefined) this.align();
      else this.retarget(track);
      // Nothing of this track was output yet, so its correction needs no slewing.
      track.offset += track.pending;
      track.pending = 0;
    } else if (track.lastExtended !== undefined && extended > track.lastExtended && track.pending !== 0) {
      const limit = Math.floor((extended - track.lastExtended) * SLEW_RATE);
      const step = Math.max(-limit, Math.min(limit, track.pending));
      track.offset += step;
      track.pending -= step;
    }
    const ticks = Math.max(extended + track.offset, track.lastTicks ?? 0);
    track.lastExtended = Math.max(extended, track.lastExtended ?? extended);
    track.lastTicks = ticks;
    return { ms: (ticks * 1000) / track.clockRate, ticks };
  }

  /** Fixes the NTP origin once every track has both a position and a sender report. */
  private align(): void {
    let origin: number | undefined;
    for (const track of this.tracks) {
      if (!track.report || track.offset === undefined) return;
      const currentMs = ((track.report.extended + track.offset) * 1000) / track.clockRate;
      const trackOrigin = track.report.ntpMs - currentMs;
      // The smallest origin puts every track at or after its current position.
      origin = origin === undefined ? trackOrigin : Math.min(origin, trackOrigin);
    }
    this.ntpOriginMs = origin;
    for (const track of this.tracks) this.retarget(track);
  }

  private retarget(track: TrackClock): void {
    if (!track.report || track.offset === undefined || this.ntpOriginMs === undefined) return;
    const reportTicks = Math.round(((track.report.ntpMs - this.ntpOriginMs) * track.clockRate) / 1000);
    track.pending = reportTicks - track.report.extended - track.offset;
    if (track.pending > (MAX_SLEW_MS * track.clockRate) / 1000) {
      track.offset += track.pending;
      track.pending = 0;
    }
  }
}
