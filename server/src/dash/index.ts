export { dynamicMpd, type DashAudio, type DashVideo, type DynamicMpdOptions } from './mpd';
