export {
  HLS_VERSION,
  mediaPlaylist,
  renditionReport,
  subtitlePlaylist,
  type SubtitlePlaylistOptions,
  type MediaPlaylistOptions,
  type MediaPlaylistUris,
  type RenditionReport,
} from './media-playlist';
export {
  advancePartLimit,
  parseDeliveryDirectives,
  reloadDecision,
  type DeliveryDirectives,
  type ReloadDecision,
} from './blocking-reload';
export {
  multivariantPlaylist,
  type AudioRenditionInfo,
  type MultivariantOptions,
  type SubtitleRenditionInfo,
  type VideoVariantInfo,
} from './multivariant-playlist';
export { WEBVTT_TIMESTAMP_MAP, webvttSegment, webvttTime, type WebVttSegmentOptions } from './webvtt-segment';
export { PlaylistMemo } from './playlist-memo';
