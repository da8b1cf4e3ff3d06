import type { SourceInfo, StreamInfo, TrackKind } from '@brume/protocol';
import type { EngineEnv, EngineLoader } from './engines/types';

/** One playable source × engine combination, with what it was ranked by. */
export interface Candidate {
  source: SourceInfo;
  loader: EngineLoader;
  /** Identifies the combination across info updates (to remember failures). */
  key: string;
  /** Weight of the stream's tracks this source carries: video 2, audio 1, subtitle 0.5, meta 0.25. */
  coverage: number;
  engineScore: number;
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
  /** Rank low-latency sources above others with the same coverage (default true: this is a live player). */
  preferLowLatency?: boolean;
}

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
 * low latency (if preferred), the engine's own score, the server's priority, then the server's order
 * and the loaders' order (the sort is stable).
 */
export function selectSources(
  info: StreamInfo,
  loaders: readonly EngineLoader[],
  env: EngineEnv,
  options: SelectOptions = {},
): Selection {
  const preferLowLatency = options.preferLowLatency ?? true;
  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  for (const source of info.sources) {
    for (const loader of loaders) {
      const verdict = loader.canPlay(source, env);
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
      });
    }
  }
  const failed = options.failed;
  const rank = (c: Candidate): number[] => [
    failed?.has(c.key) ? 0 : 1,
    c.coverage,
    preferLowLatency && c.source.lowLatency ? 1 : 0,
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
