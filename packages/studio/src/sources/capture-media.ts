import { StudioError } from '../studio-error';

function mediaDevices(what: string): MediaDevices {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices) throw StudioError.unsupported(`${what} here (it needs https or localhost)`);
  return devices;
}

/** getUserMedia with its rejections as StudioErrors (permission-denied, device-not-found, device-busy...). */
export async function captureUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  const devices = mediaDevices('use a camera or microphone');
  if (typeof devices.getUserMedia !== 'function')
    throw StudioError.unsupported('use a camera or microphone here (it needs https or localhost)');
  try {
    return await devices.getUserMedia(constraints);
  } catch (error) {
    throw StudioError.fromCapture(error);
  }
}

/** getDisplayMedia (the browser's screen/window/tab picker) with its rejections as StudioErrors. */
export async function captureDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream> {
  const devices = mediaDevices('share the screen');
  if (typeof devices.getDisplayMedia !== 'function') throw StudioError.unsupported('share the screen');
  try {
    return await devices.getDisplayMedia(options);
  } catch (error) {
    throw StudioError.fromDisplayCapture(error);
  }
}

/** Width / height from a video track's settings, when it reports them. */
export function trackAspect(track: MediaStreamTrack): number | undefined {
  const { width, height } = track.getSettings();
  return width && height ? width / height : undefined;
}
