import type { SourceInfo, SourceProtocol, StreamInfo, TrackKind } from '@brume/protocol';
import type { EngineEnv, EngineLoader, LatencyMode } from './engines/types';
import type { PriorityRule } from './player-api';

/** One playable source × engine combination, with what it was ranked by. */
export interface Candidate {
  source: SourceInfo;
  loader: EngineLoader;
  /** Identifies the combination across info updates (to remember failures). */
  key: string;
  /** Weight of the stream's tracks this source carries: video 2, audio 1, subtitle 0.5, meta 0.25. */
  coverage: number;
  engineScore: number;
  /** PROTOCOL_RANK of the latency mode plus matching priority rules. */
  protocolRank: number;
}

export interface Rejection {
  source: SourceInfo;
  engine: string;
  reason: string;
}

export interface Selection {
  /** Best first. */
  candidates: Candidate[];
  rejected: Rejection[];
}

export interface SelectOptions {
  /** Keys of combinations that failed recently: still candidates, but ranked after all others. */
  failed?: ReadonlySet<string>;
  /** How close to live the caller wants to be (default `lowest`): ranks protocols (see PROTOCOL_RANK). */
  latency?: LatencyMode;
  /** Only this engine / this source (URL, or a part of it) / this protocol; the rest are rejected. */
  forceEngine?: string;
  forceSource?: string;
  forceProtocol?: SourceProtocol;
  /** Added to the protocol rank of matching combinations. */
  priority?: readonly PriorityRule[];
}

/**
 * Protocol preference per latency mode (higher first). `lowest`: WebRTC, then our WebSocket, then
 * the LL HTTP protocols. `balanced`: LL-HLS/LL-DASH first (a second of latency, but CDN-friendly and
 * adaptive), real-time next. `compatible`: plain HTTP streaming and files first, what every network and
 * proxy lets through.
 */
export const PROTOCOL_RANK: Record<LatencyMode, Record<SourceProtocol, number>> = {
  lowest: { whep: 5, 'ws-mp4': 4, 'll-hls': 3, 'll-dash': 3, hls: 2, dash: 2, mp4: 1, ts: 0 },
  balanced: { 'll-hls': 5, 'll-dash': 5, whep: 4, 'ws-mp4': 4, hls: 3, dash: 3, mp4: 1, ts: 0 },
  compatible: { hls: 5, 'll-hls': 5, dash: 4, 'll-dash': 4, mp4: 3, 'ws-mp4': 2, whep: 1, ts: 0 },
};

const TRACK_WEIGHT: Record<TrackKind, number> = { video: 2, audio: 1, subtitle: 0.5, meta: 0.25 };

export function comboKey(engine: string, source: SourceInfo): string {
  return `${engine} ${source.url}`;
}

function coverageOf(source: SourceInfo, info: StreamInfo): number {
  // A source that lists no tracks makes no claim; assume it carries them all, as servers that do not
  // split tracks per source do.
  const carried = source.tracks.length ? new Set(source.tracks) : undefined;
  let sum = 0;
  for (const track of info.tracks) if (!carried || carried.has(track.id)) sum += TRACK_WEIGHT[track.kind];
  return sum;
}

/**
 * Ranks every source × engine pair of a stream. Order of keys: not recently failed, track coverage,
 * the protocol's rank for the latency mode (plus priority rules), the engine's own score, the
 * server's priority, then the server's order and the loaders' order (the sort is stable).
 */
export function selectSources(
  info: StreamInfo,
  loaders: readonly EngineLoader[],
  env: EngineEnv,
  options: SelectOptions = {},
): Selection {
  const ranks = PROTOCOL_RANK[options.latency ?? 'lowest'];
  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  for (const source of info.sources) {
    for (const loader of loaders) {
      const forced = forcedOut(source, loader.name, options);
      if (forced) {
        rejected.push({ source, engine: loader.name, reason: forced });
        continue;
      }
      const verdict = loader.canPlay(source, env, info);
      if (!verdict.ok) {
        rejected.push({ source, engine: loader.name, reason: verdict.reason });
        continue;
      }
      candidates.push({
        source,
        loader,
        key: comboKey(loader.name, source),
        coverage: coverageOf(source, info),
        engineScore: verdict.score,
        protocolRank: ranks[source.protocol] + boostOf(source, loader.name, options.priority),
      });
    }
  }
  const failed = options.failed;
  const rank = (c: Candidate): number[] => [
    failed?.has(c.key) ? 0 : 1,
    c.coverage,
    c.protocolRank,
    c.engineScore,
    c.source.priority,
  ];
  candidates.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) {
      const d = (rb[i] ?? 0) - (ra[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return { candidates, rejected };
}

function forcedOut(source: SourceInfo, engine: string, options: SelectOptions): string | undefined {
  if (options.forceEngine && engine !== options.forceEngine) return `forceEngine is ${options.forceEngine}`;
  if (options.forceProtocol && source.protocol !== options.forceProtocol) {
    return `forceProtocol is ${options.forceProtocol}`;
  }
  if (
    options.forceSource &&
    source.url !== options.forceSource &&
    !source.url.includes(options.forceSource)
  ) {
    return `forceSource is ${options.forceSource}`;
  }
  return undefined;
}

function boostOf(source: SourceInfo, engine: string, rules: readonly PriorityRule[] | undefined): number {
  let boost = 0;
  for (const rule of rules ?? []) {
    if (rule.engine !== undefined && rule.engine !== engine) continue;
    if (rule.protocol !== undefined && rule.protocol !== source.protocol) continue;
    boost += rule.boost;
  }
  return boost;
}
