/**
 * What the stats panel shows, parsed from `RTCPeerConnection.getStats()`. The parser is pure (a
 * report and the previous result in, a result out) so it is tested on recorded entries.
 */

export type QualityLimitationReason = 'none' | 'cpu' | 'bandwidth' | 'other';

export interface CodecInfo {
  /** e.g. `video/H264`, `audio/opus`. */
  mimeType: string;
  /** For humans: `H.264 Constrained Baseline 3.1`, `VP8`, `Opus`. */
  label: string;
  /** The H.264 `profile-level-id`, e.g. `42e01f`. */
  profileLevelId?: string;
}

export interface VideoSendStats {
  bytesSent: number;
  packetsSent: number;
  framesEncoded: number;
  /** Over the last interval; undefined on the first sample or after the counters reset. */
  bitrateKbps?: number;
  fps?: number;
  width?: number;
  height?: number;
  codec?: CodecInfo;
  qualityLimitationReason?: QualityLimitationReason;
  encoderImplementation?: string;
  nackCount: number;
  pliCount: number;
  firCount: number;
  /** Cumulative, as the server's receiver reports say. */
  packetsLost: number;
  /** Fraction (0–1) lost in the receiver's last report interval. */
  fractionLost?: number;
}

export interface AudioSendStats {
  bytesSent: number;
  packetsSent: number;
  bitrateKbps?: number;
  codec?: CodecInfo;
  packetsLost: number;
}

export interface PublisherStats {
  /** The report's timestamp (ms, performance clock). */
  timestampMs: number;
  video?: VideoSendStats;
  audio?: AudioSendStats;
  /** Round-trip time to the server: from its receiver reports, else the ICE candidate pair. */
  rttMs?: number;
  /** The congestion controller's estimate of what the link can take. */
  availableOutgoingBitrateKbps?: number;
}

/** What `getStats()` returns, reduced to what the parser uses (a Map of entries works in tests). */
export interface StatsReportLike {
  forEach(callback: (entry: unknown) => void): void;
}

type Entry = Record<string, unknown> & { id: string; type: string };

export function parsePublisherStats(report: StatsReportLike, previous?: PublisherStats): PublisherStats {
  const byId = new Map<string, Entry>();
  report.forEach((value) => {
    if (isEntry(value)) byId.set(value.id, value);
  });
  const entries = [...byId.values()];
  const outbound = entries.filter((e) => e.type === 'outbound-rtp');
  const remoteInbound = entries.filter((e) => e.type === 'remote-inbound-rtp');
  const videoOut = outbound.filter((e) => kindOf(e) === 'video');
  const audioOut = outbound.filter((e) => kindOf(e) === 'audio');

  const timestamps = outbound.map((e) => num(e.timestamp)).filter((t): t is number => t !== undefined);
  const timestampMs = timestamps.length ? Math.max(...timestamps) : (previous?.timestampMs ?? 0);
  const elapsedMs = previous ? timestampMs - previous.timestampMs : 0;

  const stats: PublisherStats = { timestampMs };
  if (videoOut.length) stats.video = parseVideo(videoOut, remoteInbound, byId, previous?.video, elapsedMs);
  if (audioOut.length) stats.audio = parseAudio(audioOut, remoteInbound, byId, previous?.audio, elapsedMs);

  const rtts = remoteInbound.map((e) => num(e.roundTripTime)).filter((t): t is number => t !== undefined);
  const pair = selectedCandidatePair(entries, byId);
  const pairRtt = num(pair?.currentRoundTripTime);
  if (rtts.length) stats.rttMs = Math.max(...rtts) * 1000;
  else if (pairRtt !== undefined) stats.rttMs = pairRtt * 1000;
  const available = num(pair?.availableOutgoingBitrate);
  if (available !== undefined) stats.availableOutgoingBitrateKbps = available / 1000;
  return stats;
}

function parseVideo(
  layers: Entry[],
  remoteInbound: Entry[],
  byId: Map<string, Entry>,
  previous: VideoSendStats | undefined,
  elapsedMs: number,
): VideoSendStats {
  // With simulcast there is one entry per layer: counters add up, the top layer describes the picture.
  const top = layers.reduce((best, e) => ((num(e.frameWidth) ?? 0) > (num(best.frameWidth) ?? 0) ? e : best));
  const bytesSent = sum(layers, 'bytesSent');
  const framesEncoded = sum(layers, 'framesEncoded');
  const remote = remoteInbound.filter((r) => layers.some((l) => l.id === r.localId) || kindOf(r) === 'video');
  const video: VideoSendStats = {
    bytesSent,
    packetsSent: sum(layers, 'packetsSent'),
    framesEncoded,
    nackCount: sum(layers, 'nackCount'),
    pliCount: sum(layers, 'pliCount'),
    firCount: sum(layers, 'firCount'),
    packetsLost: sum(remote, 'packetsLost'),
  };
  const byteRate = rate(bytesSent, previous?.bytesSent, elapsedMs);
  if (byteRate !== undefined) video.bitrateKbps = (byteRate * 8) / 1000;
  const fps = num(top.framesPerSecond) ?? rate(framesEncoded, previous?.framesEncoded, elapsedMs);
  if (fps !== undefined) video.fps = fps;
  const width = num(top.frameWidth);
  const height = num(top.frameHeight);
  if (width !== undefined) video.width = width;
  if (height !== undefined) video.height = height;
  const codec = codecOf(top, byId);
  if (codec) video.codec = codec;
  const reason = top.qualityLimitationReason;
  if (reason === 'none' || reason === 'cpu' || reason === 'bandwidth' || reason === 'other')
    video.qualityLimitationReason = reason;
  if (typeof top.encoderImplementation === 'string') video.encoderImplementation = top.encoderImplementation;
  const fractions = remote.map((r) => num(r.fractionLost)).filter((f): f is number => f !== undefined);
  if (fractions.length) video.fractionLost = Math.max(...fractions);
  return video;
}

function parseAudio(
  streams: Entry[],
  remoteInbound: Entry[],
  byId: Map<string, Entry>,
  previous: AudioSendStats | undefined,
  elapsedMs: number,
): AudioSendStats {
  const bytesSent = sum(streams, 'bytesSent');
  const remote = remoteInbound.filter(
    (r) => streams.some((s) => s.id === r.localId) || kindOf(r) === 'audio',
  );
  const audio: AudioSendStats = {
    bytesSent,
    packetsSent: sum(streams, 'packetsSent'),
    packetsLost: sum(remote, 'packetsLost'),
  };
  const byteRate = rate(bytesSent, previous?.bytesSent, elapsedMs);
  if (byteRate !== undefined) audio.bitrateKbps = (byteRate * 8) / 1000;
  const first = streams[0];
  const codec = first ? codecOf(first, byId) : undefined;
  if (codec) audio.codec = codec;
  return audio;
}

/** Per second, from two cumulative counter values `elapsedMs` apart; undefined if they reset. */
function rate(current: number, previous: number | undefined, elapsedMs: number): number | undefined {
  if (previous === undefined || elapsedMs <= 0 || current < previous) return undefined;
  return ((current - previous) * 1000) / elapsedMs;
}

function selectedCandidatePair(entries: Entry[], byId: Map<string, Entry>): Entry | undefined {
  for (const transport of entries.filter((e) => e.type === 'transport')) {
    const id = transport.selectedCandidatePairId;
    const pair = typeof id === 'string' ? byId.get(id) : undefined;
    if (pair) return pair;
  }
  // Firefox has no transport entry; it flags the pair instead.
  return entries.find(
    (e) =>
      e.type === 'candidate-pair' &&
      (e.selected === true || (e.nominated === true && e.state === 'succeeded')),
  );
}

function codecOf(entry: Entry, byId: Map<string, Entry>): CodecInfo | undefined {
  const id = entry.codecId;
  const codec = typeof id === 'string' ? byId.get(id) : undefined;
  if (!codec || typeof codec.mimeType !== 'string') return undefined;
  return describeCodec(codec.mimeType, typeof codec.sdpFmtpLine === 'string' ? codec.sdpFmtpLine : '');
}

const H264_PROFILES: Record<string, string> = {
  '42': 'Baseline',
  '4d': 'Main',
  '58': 'Extended',
  '64': 'High',
};

/** A readable codec name from a MIME type and its SDP fmtp line. */
export function describeCodec(mimeType: string, fmtp: string): CodecInfo {
  const name = mimeType.split('/')[1] ?? mimeType;
  const lower = name.toLowerCase();
  if (lower === 'h264') {
    const profileLevelId = /profile-level-id=([0-9a-f]{6})/i.exec(fmtp)?.[1]?.toLowerCase();
    if (!profileLevelId) return { mimeType, label: 'H.264' };
    const idc = profileLevelId.slice(0, 2);
    const constraints = parseInt(profileLevelId.slice(2, 4), 16);
    const level = parseInt(profileLevelId.slice(4, 6), 16) / 10;
    // constraint_set1 on a Baseline stream means Constrained Baseline (RFC 6184 table 5).
    const profile = idc === '42' && constraints & 0x40 ? 'Constrained Baseline' : (H264_PROFILES[idc] ?? idc);
    return { mimeType, label: `H.264 ${profile} ${level}`, profileLevelId };
  }
  if (lower === 'vp9') {
    const profile = /profile-id=(\d+)/.exec(fmtp)?.[1];
    return { mimeType, label: profile ? `VP9 profile ${profile}` : 'VP9' };
  }
  if (lower === 'opus') return { mimeType, label: 'Opus' };
  return { mimeType, label: name.toUpperCase() };
}

function isEntry(value: unknown): value is Entry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

function kindOf(entry: Entry): unknown {
  return entry.kind ?? entry.mediaType;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function sum(entries: Entry[], key: string): number {
  return entries.reduce((total, e) => total + (num(e[key]) ?? 0), 0);
}
