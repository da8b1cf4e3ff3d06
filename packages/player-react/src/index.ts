export { Player, type PlayerProps } from './Player';
export { usePlayerState } from './use-player-state';
export { usePlayerStats } from './use-player-stats';
export { statusText } from './status-text';
export { formatStats, formatBitrate } from './format-stats';
export { mountPlayer, type MountOptions, type MountedPlayer } from './mount-player';
export type {
  Player as PlayerCore,
  PlayerState,
  PlayerStatus,
  PlayerStats,
  PlayerTestBridge,
} from '@brume/player';
