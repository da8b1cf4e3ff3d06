/**
 * Every word the player shows or announces, in one table so a page can translate the player by passing
 * `strings={{ ... }}` (any subset). Entries that embed a value are functions, so a translation can put
 * the value where its grammar wants it.
 */
export interface PlayerStrings {
  /** Accessible name of the player region. */
  player: string;

  // Status line (announced to screen readers; the e2e tests match the English words).
  idle: string;
  waiting: string;
  connecting: string;
  live: string;
  playing: string;
  reconnecting: string;
  streamEnded: string;
  ended: string;
  error: (message: string) => string;

  // Controls.
  play: string;
  pause: string;
  replay: string;
  mute: string;
  unmute: string;
  volume: string;
  /** aria-valuetext of the volume slider. */
  volumeValue: (percent: number) => string;
  muted: string;
  seek: string;
  /** aria-valuetext of the seek bar for VoD: `1:23 of 4:56`. */
  timeOf: (current: string, total: string) => string;
  /** aria-valuetext of the seek bar behind live: `0:12 behind live`. */
  behindLive: (time: string) => string;
  /** The LIVE badge's text. */
  liveBadge: string;
  goLive: string;
  atLiveEdge: string;
  fullscreen: string;
  exitFullscreen: string;
  popOut: string;
  exitPopOut: string;
  // Casting: optional, their English defaults live in the lazy cast UI (the up-front bundle is full).
  cast?: string;
  stopCast?: string;
  settings: string;
  back: string;
  quality: string;
  auto: string;
  /** The Auto entry while ABR shows a rendition: `Auto (720p)`. */
  autoWith: (active: string) => string;
  audio: string;
  subtitles: string;
  subtitlesOff: string;
  speed: string;
  normalSpeed: string;
  stats: string;
  closeStats: string;

  // Overlays.
  tapToUnmute: string;
  castConnecting?: string;
  /** `undefined` where the browser does not name the device (AirPlay). */
  castingTo?: (device: string | undefined) => string;
  retry: string;
  tryAnotherSource: string;
  cannotPlay: string;

  // Stats panel rows.
  statEngine: string;
  statProtocol: string;
  statQuality: string;
  statResolution: string;
  statFrameRate: string;
  statBitrate: string;
  statCodecs: string;
  statBuffer: string;
  statLatencyToLive: string;
  statGlassToGlass: string;
  statDroppedFrames: string;
  statRtt: string;
  statJitter: string;
  statPacketLoss: string;
  statTimeToFirstFrame: string;
}

export const DEFAULT_STRINGS: PlayerStrings = {
  player: 'Video player',

  idle: 'Idle',
  waiting: 'Waiting for stream…',
  connecting: 'Connecting…',
  live: 'Live',
  playing: 'Playing',
  reconnecting: 'Reconnecting…',
  streamEnded: 'Stream ended',
  ended: 'Ended',
  error: (message) => `Error: ${message}`,

  play: 'Play',
  pause: 'Pause',
  replay: 'Replay',
  mute: 'Mute',
  unmute: 'Unmute',
  volume: 'Volume',
  volumeValue: (percent) => `${percent}%`,
  muted: 'Muted',
  seek: 'Seek',
  timeOf: (current, total) => `${current} of ${total}`,
  behindLive: (time) => `${time} behind live`,
  liveBadge: 'LIVE',
  goLive: 'Go to live',
  atLiveEdge: 'Playing live',
  fullscreen: 'Fullscreen',
  exitFullscreen: 'Exit fullscreen',
  popOut: 'Pop out',
  exitPopOut: 'Back to page',
  settings: 'Settings',
  back: 'Back',
  quality: 'Quality',
  auto: 'Auto',
  autoWith: (active) => `Auto (${active})`,
  audio: 'Audio',
  subtitles: 'Subtitles',
  subtitlesOff: 'Off',
  speed: 'Speed',
  normalSpeed: 'Normal',
  stats: 'Stats for nerds',
  closeStats: 'Close stats',

  tapToUnmute: 'Tap to unmute',
  retry: 'Retry',
  tryAnotherSource: 'Try another source',
  cannotPlay: 'This stream cannot be played',

  statEngine: 'Engine',
  statProtocol: 'Protocol',
  statQuality: 'Quality',
  statResolution: 'Resolution',
  statFrameRate: 'Frame rate',
  statBitrate: 'Bitrate',
  statCodecs: 'Codecs',
  statBuffer: 'Buffer',
  statLatencyToLive: 'Latency to live',
  statGlassToGlass: 'Glass-to-glass',
  statDroppedFrames: 'Dropped frames',
  statRtt: 'Round trip',
  statJitter: 'Jitter',
  statPacketLoss: 'Packets lost',
  statTimeToFirstFrame: 'Time to first frame',
};

/** The table with a page's overrides applied. */
export function resolveStrings(overrides: Partial<PlayerStrings> | undefined): PlayerStrings {
  return overrides ? { ...DEFAULT_STRINGS, ...overrides } : DEFAULT_STRINGS;
}
