export {
  dynamicMpd,
  TEXT_BANDWIDTH,
  type DashAudio,
  type DashText,
  type DashVideo,
  type DynamicMpdOptions,
} from './mpd';
