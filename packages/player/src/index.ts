export {
  createPlayer,
  MAX_RECONNECT_ATTEMPTS,
  STALL_TIMEOUT_MS,
  STATS_INTERVAL_MS,
  type PlayerDeps,
} from './player';
export type { Player, PlayerOptions, SourceInput, PriorityRule } from './player-api';
export type { PlayerState, PlayerStatus, AutoplayState, ComboInfo } from './player-state';
export type { QoEReport } from './qoe';
export type { PlayerStats } from './player-stats';
export type { PlayerEvents } from './player-events';
export type { PlayerMetadata, FiredMetadataEvent, MetadataCallback } from './metadata/metadata-api';
export { PlayerError, type PlayerErrorCode } from './player-error';
export { LATENCY_WINDOW, type LatencyStats } from './latency-stats';
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
  LatencyMode,
  QualityLevel,
  MediaTrackOption,
  EngineTracks,
  TimeRange,
} from './engines/types';
export { NO_TRACKS } from './engines/types';
export { TEST_BRIDGE_KEY, type PlayerTestBridge } from './test-bridge';
