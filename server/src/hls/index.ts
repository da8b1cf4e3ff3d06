export {
  HLS_VERSION,
  mediaPlaylist,
  renditionReport,
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
  type VideoVariantInfo,
} from './multivariant-playlist';
