export { Player, type PlayerProps } from './Player';
export { usePlayer, useUi, type PlayerContextValue } from './player-context';
export { usePlayerState } from './use-player-state';
export { usePlayerStats } from './use-player-stats';
export type { UiState, UiStore, MenuId, SeekPreview } from './ui-store';
export { DEFAULT_STRINGS, type PlayerStrings } from './strings';
export { keyAction, type KeyAction } from './key-map';
export { statusText } from './status-text';
export { formatStats, formatBitrate } from './format-stats';
export { formatTime } from './format-time';
export { qualityLabel } from './quality-label';
export { mountPlayer, type MountOptions, type MountedPlayer } from './mount-player';
export type {
  FiredMetadataEvent,
  MetadataCallback,
  Player as PlayerCore,
  PlayerOptions,
  PlayerState,
  PlayerStatus,
  PlayerStats,
  PlayerTestBridge,
} from '@brume/player';
