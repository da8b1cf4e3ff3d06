export { StudioError, type StudioErrorCode } from './studio-error';
export { Emitter, type ErrorEvents, type Listener } from './emitter';
export type { StudioSource, StudioSourceEvents, SourceKind } from './studio-source';
export { CameraSource, type CameraOptions } from './camera-source';
export { DeviceList, toDevices, type DeviceOption, type Devices, type DeviceListEvents } from './device-list';
export { TestPatternSource, type TestPatternOptions } from './test-pattern-source';
export { testPatternLayout, timecodeCells, type TestPatternLayout, type Rect } from './test-pattern-layout';
export { TestTone, type TestToneMode, BEEP_FREQUENCY_HZ, BEEP_DURATION_MS } from './test-tone';
export { Ticker } from './ticker';
export {
  Publisher,
  type PublisherOptions,
  type PublisherState,
  type PublisherEvents,
  type PublishSession,
} from './publisher';
export { codecPreferences, maxVideoBitrate, VIDEO_CODECS, type VideoCodec } from './video-encoding';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './reconnect-backoff';
export {
  parsePublisherStats,
  describeCodec,
  type PublisherStats,
  type VideoSendStats,
  type AudioSendStats,
  type CodecInfo,
  type QualityLimitationReason,
  type StatsReportLike,
} from './publisher-stats';
export { StatsPoller } from './stats-poller';
export {
  fpsHealth,
  lossHealth,
  qualityLimitationHealth,
  renderTimeHealth,
  type HealthLevel,
} from './stats-health';
export type { StudioTestBridge } from './test-bridge';
