import { StudioError } from './studio-error';

export type TestToneMode = 'beep' | 'silent';

/** The beep: 1 kHz for 100 ms at the start of every wall-clock second, at about −20 dBFS. */
export const BEEP_FREQUENCY_HZ = 1000;
export const BEEP_DURATION_MS = 100;
const BEEP_GAIN = 0.1;
const RAMP_MS = 5;

/**
 * An audio track from an AudioContext: a quiet beep once a second (an anchor for A/V sync checks,
 * aligned with the test pattern's flash) or silence, so a publish always has an audio track.
 *
 * The beep is a looped one-second buffer rather than timers, so it keeps time on the audio thread
 * even when the page is hidden; it is started on a wall-clock second boundary.
 */
export class TestTone {
  readonly track: MediaStreamTrack;
  private readonly context: AudioContext;
  private disposed = false;

  constructor(mode: TestToneMode = 'beep') {
    if (typeof AudioContext === 'undefined') throw StudioError.unsupported('generate test audio');
    this.context = new AudioContext();
    const destination = this.context.createMediaStreamDestination();
    if (mode === 'beep') {
      const source = this.context.createBufferSource();
      source.buffer = beepBuffer(this.context);
      source.loop = true;
      source.connect(destination);
      const untilNextSecond = (1000 - (Date.now() % 1000)) / 1000;
      source.start(this.context.currentTime + untilNextSecond);
    }
    const track = destination.stream.getAudioTracks()[0];
    if (!track) throw StudioError.unsupported('generate test audio');
    this.track = track;
    // Without a user gesture the context may start suspended; resume() is retried from Go Live.
    void this.resume();
  }

  /** Starts the audio clock if the autoplay policy held it back (call from a user gesture). */
  async resume(): Promise<void> {
    if (this.disposed || this.context.state !== 'suspended') return;
    try {
      await this.context.resume();
    } catch {
      // Still blocked by the autoplay policy: the track carries silence until a gesture resumes it.
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.track.stop();
    void this.context.close().catch(() => undefined);
  }
}

function beepBuffer(context: BaseAudioContext): AudioBuffer {
  const rate = context.sampleRate;
  const buffer = context.createBuffer(1, rate, rate);
  const data = buffer.getChannelData(0);
  const beepSamples = Math.round((rate * BEEP_DURATION_MS) / 1000);
  const ramp = Math.round((rate * RAMP_MS) / 1000);
  for (let i = 0; i < beepSamples; i++) {
    // Short ramps avoid clicks, which would smear the onset an A/V sync check looks for.
    const envelope = Math.min(1, i / ramp, (beepSamples - i) / ramp);
    data[i] = BEEP_GAIN * envelope * Math.sin((2 * Math.PI * BEEP_FREQUENCY_HZ * i) / rate);
  }
  return buffer;
}
