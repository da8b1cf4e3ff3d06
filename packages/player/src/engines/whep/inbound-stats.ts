import type { TransportStats } from '../types';

/** What the previous poll saw, to turn byte counters into a bitrate. */
export interface InboundSample {
  bytesReceived: number;
  /** `RTCStats.timestamp` (ms). */
  timestamp: number;
}

interface InboundRtp {
  type: 'inbound-rtp';
  kind?: string;
  codecId?: string;
  bytesReceived?: number;
  packetsLost?: number;
  jitter?: number;
  framesDecoded?: number;
  framesDropped?: number;
  timestamp: number;
}

/**
 * Reads the inbound video and audio RTP entries of a `getStats()` report. Bitrate is the byte delta
 * since `previous` (the last poll), so the first poll has none. Packets lost sum over video and audio.
 */
export function readInboundStats(
  report: ReadonlyMap<string, unknown>,
  previous: InboundSample | undefined,
): { stats: TransportStats; sample: InboundSample | undefined } {
  let video: InboundRtp | undefined;
  let audio: InboundRtp | undefined;
  let rttMs: number | undefined;
  for (const entry of report.values()) {
    const stat = entry as Partial<InboundRtp>;
    const pair = entry as {
      type?: string;
      nominated?: boolean;
      state?: string;
      currentRoundTripTime?: number;
    };
    // The candidate pair in use carries the round-trip time (STUN consent checks measure it).
    if (pair.type === 'candidate-pair' && pair.nominated && pair.state === 'succeeded') {
      if (typeof pair.currentRoundTripTime === 'number') rttMs = pair.currentRoundTripTime * 1000;
      continue;
    }
    if (stat.type !== 'inbound-rtp') continue;
    if (stat.kind === 'video') video ??= stat as InboundRtp;
    else if (stat.kind === 'audio') audio ??= stat as InboundRtp;
  }
  const codecOf = (rtp: InboundRtp | undefined): string | undefined => {
    if (!rtp?.codecId) return undefined;
    const codec = report.get(rtp.codecId) as { mimeType?: unknown } | undefined;
    return typeof codec?.mimeType === 'string' ? codec.mimeType : undefined;
  };
  const stats: TransportStats = {
    packetsLost: (video?.packetsLost ?? 0) + (audio?.packetsLost ?? 0),
    videoCodec: codecOf(video),
    audioCodec: codecOf(audio),
    jitterMs: video?.jitter === undefined ? undefined : video.jitter * 1000,
    framesDecoded: video?.framesDecoded,
    framesDropped: video?.framesDropped,
    rttMs,
  };
  if (!video || video.bytesReceived === undefined) return { stats, sample: undefined };
  const sample = { bytesReceived: video.bytesReceived, timestamp: video.timestamp };
  if (previous && sample.timestamp > previous.timestamp && sample.bytesReceived >= previous.bytesReceived) {
    stats.bitrate = Math.round(
      ((sample.bytesReceived - previous.bytesReceived) * 8 * 1000) / (sample.timestamp - previous.timestamp),
    );
  }
  return { stats, sample };
}
