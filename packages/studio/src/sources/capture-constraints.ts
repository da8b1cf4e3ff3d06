import type { CameraSpec, MicrophoneSpec, ScreenSpec } from '../scene/scene-types';

/** What a camera spec asks for when it leaves size and rate open: 720p30, the studio's default output. */
export const CAMERA_DEFAULTS = { width: 1280, height: 720, frameRate: 30 } as const;

/**
 * The camera track's constraints. The device is `exact` (the user picked it: another camera would
 * be a surprise, so a missing one must fail); size and rate are `ideal`, because cameras offer a
 * fixed list of modes and the browser picks the nearest.
 */
export function cameraTrackConstraints(spec: CameraSpec): MediaTrackConstraints {
  return {
    ...(spec.deviceId ? { deviceId: { exact: spec.deviceId } } : {}),
    width: { ideal: spec.width ?? CAMERA_DEFAULTS.width },
    height: { ideal: spec.height ?? CAMERA_DEFAULTS.height },
    frameRate: { ideal: spec.frameRate ?? CAMERA_DEFAULTS.frameRate },
  };
}

/** Video only: a camera's microphone is a source of its own (the mixer handles it separately). */
export function cameraConstraints(spec: CameraSpec): MediaStreamConstraints {
  return { video: cameraTrackConstraints(spec), audio: false };
}

/** The microphone track's constraints: the device, and the browser's own voice processing as set. */
export function microphoneTrackConstraints(spec: MicrophoneSpec): MediaTrackConstraints {
  return {
    ...(spec.deviceId ? { deviceId: { exact: spec.deviceId } } : {}),
    noiseSuppression: spec.noiseSuppression,
    echoCancellation: spec.echoCancellation,
    autoGainControl: spec.autoGainControl,
  };
}

export function microphoneConstraints(spec: MicrophoneSpec): MediaStreamConstraints {
  return { audio: microphoneTrackConstraints(spec), video: false };
}

/**
 * getDisplayMedia options: a screen, window or tab at up to 30 fps, with its sound when asked. A
 * tab's or the system's sound is programme audio (music, a video), not a voice, so the voice
 * processing that would pump and gate it stays off.
 */
export function displayMediaOptions(spec: ScreenSpec): DisplayMediaStreamOptions {
  return {
    video: { frameRate: { ideal: CAMERA_DEFAULTS.frameRate } },
    audio: spec.audio ? { noiseSuppression: false, echoCancellation: false, autoGainControl: false } : false,
  };
}

/**
 * Whether going from `previous` to `next` needs a new getUserMedia (another device) rather than
 * `applyConstraints` on the open track (size, rate, processing).
 */
export function needsReopen(
  previous: CameraSpec | MicrophoneSpec,
  next: CameraSpec | MicrophoneSpec,
): boolean {
  return previous.deviceId !== next.deviceId;
}

/**
 * Whether the track's settings show the processing `spec` asks for. Browsers may accept
 * `applyConstraints` for these and yet keep the old processing (Chromium applies some only when the
 * track opens), so the caller reopens when this is false. A setting the browser does not report
 * counts as matching: there is nothing to compare.
 */
export function processingMatches(
  settings: Pick<MediaTrackSettings, 'noiseSuppression' | 'echoCancellation' | 'autoGainControl'>,
  spec: MicrophoneSpec,
): boolean {
  return (['noiseSuppression', 'echoCancellation', 'autoGainControl'] as const).every(
    (key) => settings[key] === undefined || settings[key] === spec[key],
  );
}
