export {
  createPlayer,
  MAX_RECONNECT_ATTEMPTS,
  STALL_TIMEOUT_MS,
  STATS_INTERVAL_MS,
  type Player,
  type PlayerOptions,
  type PlayerDeps,
} from './player';
export type { PlayerState, PlayerStatus } from './player-state';
export type { PlayerStats } from './player-stats';
export type { PlayerEvents } from './player-events';
export { PlayerError, type PlayerErrorCode } from './player-error';
export { LATENCY_WINDOW, type LatencyStats } from './latency-meter';
export type { FrameInfo } from './frame-clock';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
export { median } from './sample-window';
export { selectSources, comboKey, type Candidate, type Rejection, type Selection } from './source-selector';
export {
  StreamInfoClient,
  type StreamInfoSource,
  type StreamInfoEvents,
  type StreamInfoClientOptions,
  type FeedSocket,
} from './stream-info-client';
export { detectEngineEnv } from './engines/engine-env';
export { defaultEngineLoaders } from './engines/registry';
export type {
  Engine,
  EngineEnv,
  EngineEvents,
  EngineLoader,
  EngineModule,
  EngineContext,
  CanPlay,
  TransportStats,
} from './engines/types';
export { TEST_BRIDGE_KEY, type PlayerTestBridge } from './test-bridge';
