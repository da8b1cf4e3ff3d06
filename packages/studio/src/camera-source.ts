import { Emitter, type Listener } from './emitter';
import { StudioError } from './studio-error';
import type { StudioSource, StudioSourceEvents } from './studio-source';
import { Teardown } from './teardown';

export interface CameraOptions {
  /** A `deviceId` from DeviceList; omitted = the browser's default camera. */
  videoDeviceId?: string;
  /** A `deviceId` from DeviceList; omitted = the browser's default microphone. */
  audioDeviceId?: string;
  width?: number;
  height?: number;
  frameRate?: number;
}

/** A camera and a microphone from getUserMedia. */
export class CameraSource implements StudioSource {
  readonly kind = 'camera';
  readonly frameRate: number;
  private readonly events = new Emitter<StudioSourceEvents>();
  private readonly teardown = new Teardown();
  private disposed = false;

  private constructor(
    readonly stream: MediaStream,
    frameRate: number,
  ) {
    this.frameRate = frameRate;
    for (const track of stream.getTracks()) {
      this.teardown.add(() => track.stop());
      this.teardown.listen(track, 'ended', () =>
        this.events.emit('ended', { kind: track.kind === 'audio' ? 'audio' : 'video' }),
      );
    }
  }

  /**
   * Opens the devices (asking for permission the first time, after which device labels become
   * readable). Throws a StudioError: permission-denied, device-not-found, device-busy, ...
   */
  static async open(options: CameraOptions = {}): Promise<CameraSource> {
    const devices = globalThis.navigator?.mediaDevices;
    if (!devices?.getUserMedia)
      throw StudioError.unsupported('use a camera here (it needs https or localhost)');
    const frameRate = options.frameRate ?? 30;
    const constraints: MediaStreamConstraints = {
      video: {
        ...(options.videoDeviceId ? { deviceId: { exact: options.videoDeviceId } } : {}),
        width: { ideal: options.width ?? 1280 },
        height: { ideal: options.height ?? 720 },
        frameRate: { ideal: frameRate },
      },
      audio: {
        ...(options.audioDeviceId ? { deviceId: { exact: options.audioDeviceId } } : {}),
        echoCancellation: true,
        noiseSuppression: true,
      },
    };
    let stream: MediaStream;
    try {
      stream = await devices.getUserMedia(constraints);
    } catch (error) {
      throw StudioError.fromCapture(error);
    }
    const actualRate = stream.getVideoTracks()[0]?.getSettings().frameRate;
    return new CameraSource(stream, actualRate ? Math.round(actualRate) : frameRate);
  }

  /** The deviceIds actually opened (the browser picks one when none was asked for). */
  get deviceIds(): { video?: string; audio?: string } {
    return {
      video: this.stream.getVideoTracks()[0]?.getSettings().deviceId,
      audio: this.stream.getAudioTracks()[0]?.getSettings().deviceId,
    };
  }

  on<K extends keyof StudioSourceEvents>(type: K, listener: Listener<StudioSourceEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.teardown.run();
    this.events.clear();
  }
}
