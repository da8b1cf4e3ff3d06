import type { PlayerState, PlayerStats } from '@brume/player';
import { formatBitrate } from './format-stats';
import { qualitySummary } from './quality-label';
import type { PlayerStrings } from './strings';

export interface StatRow {
  /** Stable key (also `data-stat` in the panel, for tests). */
  id: string;
  label: string;
  value: string;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`;
}

/**
 * The stats panel's rows. A row appears only once its value is known, so an engine without (say)
 * jitter shows no "jitter: 0" that would read as a measurement.
 */
export function statsRows(
  state: Pick<PlayerState, 'engine' | 'protocol' | 'liveLatency' | 'tracks'>,
  stats: PlayerStats | undefined,
  strings: PlayerStrings,
): StatRow[] {
  const rows: StatRow[] = [];
  const add = (id: string, label: string, value: string | undefined): void => {
    if (value !== undefined) rows.push({ id, label, value });
  };
  const transport = stats?.transport;
  add('engine', strings.statEngine, state.engine);
  add('protocol', strings.statProtocol, state.protocol);
  if (state.tracks.qualities.length > 0)
    add('quality', strings.statQuality, qualitySummary(state.tracks, strings).label);
  if (stats?.width && stats.height)
    add('resolution', strings.statResolution, `${stats.width}×${stats.height}`);
  if (stats?.fps) add('fps', strings.statFrameRate, `${Math.round(stats.fps)} fps`);
  if (transport?.bitrate) add('bitrate', strings.statBitrate, formatBitrate(transport.bitrate));
  const codecs = [transport?.videoCodec, transport?.audioCodec].filter((codec) => codec !== undefined);
  if (codecs.length)
    add(
      'codecs',
      strings.statCodecs,
      codecs.map((codec) => codec.replace(/^(video|audio)\//, '')).join(' · '),
    );
  if (transport?.bufferSeconds !== undefined)
    add('buffer', strings.statBuffer, seconds(transport.bufferSeconds));
  if (state.liveLatency !== undefined) add('latency', strings.statLatencyToLive, seconds(state.liveLatency));
  const glass = stats?.latency.medianMs ?? stats?.latency.lastMs;
  if (stats && stats.latency.count > 0 && glass !== undefined)
    add('glass', strings.statGlassToGlass, ms(glass));
  if (transport?.framesDropped !== undefined) {
    const decoded = transport.framesDecoded !== undefined ? ` / ${transport.framesDecoded}` : '';
    add('dropped', strings.statDroppedFrames, `${transport.framesDropped}${decoded}`);
  }
  if (transport?.rttMs !== undefined) add('rtt', strings.statRtt, ms(transport.rttMs));
  if (transport?.jitterMs !== undefined) add('jitter', strings.statJitter, ms(transport.jitterMs));
  // Packet loss means something only on RTP transports, which are the ones that report jitter or RTT.
  if (transport && (transport.rttMs !== undefined || transport.jitterMs !== undefined)) {
    add('loss', strings.statPacketLoss, String(transport.packetsLost));
  }
  if (stats?.timeToFirstFrameMs !== undefined)
    add('ttff', strings.statTimeToFirstFrame, ms(stats.timeToFirstFrameMs));
  return rows;
}
