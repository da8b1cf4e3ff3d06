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
export {
  codecPreferences,
  maxVideoBitrate,
  encodableVideoCodecs,
  VIDEO_CODECS,
  VIDEO_CODEC_LABELS,
  SIMULCAST_LAYERS,
  type VideoCodec,
} from './video-encoding';
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

// The scene document and its pure edits.
export type {
  SourceSpec,
  SourceEntry,
  CameraSpec,
  MicrophoneSpec,
  ScreenSpec,
  ImageSpec,
  TextSpec,
  VideoFileSpec,
  ColorSpec,
  PatternSpec,
  GuestSpec,
  Crop,
  ChromaKey,
  Layer,
  Scene,
  TransitionKind,
  TransitionSpec,
  AudioChannelSettings,
  AudioSettings,
  OutputPreset,
  OutputSettings,
  SceneCollection,
  SourceKind as SceneSourceKind,
} from './scene/scene-types';
export * from './scene/scene-ops';
export * from './scene/layer-ops';
export * from './scene/layout-presets';
export * from './scene/box-geometry';
export * from './scene/hit-test';
export * from './scene/snapping';
export * from './scene/rotate-drag';
export * from './scene/crop-drag';
export { exportCollection, importCollection } from './scene/scene-json';
export {
  SceneStore,
  DEFAULT_SCENE_STORAGE_KEY,
  type SceneStoreEvents,
  type SceneStoreOptions,
} from './scene/scene-store';
export { BlobStore, indexedDbBackend, BLOB_STORE_SCHEME, type BlobBackend } from './scene/blob-store';
export { hasSound, hasPicture, SOURCE_KINDS } from './scene/scene-validate';
export { parseColor, type Rgba } from './scene/scene-color';
export { fitBox, type LayerBox } from './scene/layer-box';
export * from './scene/scene-limits';

// Sources of a scene, realised.
export type { Visual } from './compositor/visual';
export { openSource, type OpenSourceOptions } from './sources/open-source';
export type { LiveSource, LiveSourceEvents, LiveSourceState } from './sources/live-source';
export type { ResolveUrl } from './sources/media-url';

// The compositor, the mixer and the recorder.
export {
  Compositor,
  type CompositorOptions,
  type CompositorStats,
  type CompositorEvents,
} from './compositor/compositor';
export type { RendererPreference } from './compositor/compositor-messages';
export {
  AudioMixer,
  type MixerLevels,
  type AudioMixerEvents,
  type AudioMixerOptions,
} from './audio/audio-mixer';
export type { MeterLevels } from './audio/meter-ballistics';
export { dbToGain, amplitudeToDb } from './audio/decibels';
export {
  ProgramRecorder,
  type RecordingFormat,
  type RecorderState,
  type RecordingProgress,
  type RecordingResult,
  type ProgramRecorderOptions,
  type ProgramRecorderEvents,
} from './recording/program-recorder';

// The engine that ties them together.
export {
  Studio,
  audibleSources,
  type StudioOptions,
  type StudioEvents,
  type SourceStatus,
  type GoLiveOptions,
} from './studio';
export {
  MetadataSender,
  type MetadataSenderOptions,
  type MetadataSent,
  type MetadataMessage,
} from './metadata-sender';
