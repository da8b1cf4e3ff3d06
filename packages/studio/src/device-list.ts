import { Emitter, type ErrorEvents, type Listener } from './emitter';
import { Teardown } from './teardown';

/** A capture device as the UI shows it (plain data, safe to keep in app state). */
export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface Devices {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** Audio outputs, for the mixer's monitor (the default output is not listed separately). */
  speakers: DeviceOption[];
}

export interface DeviceListEvents extends ErrorEvents {
  change: Devices;
}

/**
 * The cameras, microphones and audio outputs, kept current: re-listed on `devicechange` (plug, unplug) and after
 * `refresh()` (call it once permission is granted, because before that browsers hide the labels).
 */
export class DeviceList {
  private readonly events = new Emitter<DeviceListEvents>();
  private readonly teardown = new Teardown();
  private current: Devices = { cameras: [], microphones: [], speakers: [] };
  private disposed = false;

  constructor() {
    const devices = globalThis.navigator?.mediaDevices;
    if (devices) this.teardown.listen(devices, 'devicechange', () => void this.refresh());
  }

  get devices(): Devices {
    return this.current;
  }

  on<K extends keyof DeviceListEvents>(type: K, listener: Listener<DeviceListEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  async refresh(): Promise<Devices> {
    const mediaDevices = globalThis.navigator?.mediaDevices;
    if (!mediaDevices?.enumerateDevices) return this.current;
    const infos = await mediaDevices.enumerateDevices();
    if (this.disposed) return this.current;
    this.current = toDevices(infos);
    this.events.emit('change', this.current);
    return this.current;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.teardown.run();
    this.events.clear();
  }
}

/** Groups enumerateDevices() output, naming unlabeled devices (no permission yet) by position. */
export function toDevices(infos: readonly Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[]): Devices {
  const cameras: DeviceOption[] = [];
  const microphones: DeviceOption[] = [];
  const speakers: DeviceOption[] = [];
  for (const info of infos) {
    // Before permission, browsers list one placeholder per kind with an empty deviceId.
    if (!info.deviceId) continue;
    if (info.kind === 'videoinput')
      cameras.push({ deviceId: info.deviceId, label: info.label || `Camera ${cameras.length + 1}` });
    if (info.kind === 'audioinput')
      microphones.push({
        deviceId: info.deviceId,
        label: info.label || `Microphone ${microphones.length + 1}`,
      });
    if (info.kind === 'audiooutput' && info.deviceId !== 'default')
      speakers.push({ deviceId: info.deviceId, label: info.label || `Output ${speakers.length + 1}` });
  }
  return { cameras, microphones, speakers };
}
