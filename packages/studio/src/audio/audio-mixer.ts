import type { AudioChannelSettings, AudioSettings } from '../scene/scene-types';
import { Emitter, type ErrorEvents } from '../emitter';
import { StudioError } from '../studio-error';
import { Teardown } from '../teardown';
import { amplitudeToDb, clampGainDb, dbToGain } from './decibels';
import {
  DEFAULT_BALLISTICS,
  meterLevels,
  resetClip,
  silentMeter,
  updateMeter,
  type BallisticsOptions,
  type MeterLevels,
  type MeterState,
} from './meter-ballistics';
import {
  LIMITER_PROCESSOR,
  METER_PROCESSOR,
  mixerWorkletSource,
  type MeterMessage,
  type MeterProcessorOptions,
} from './mixer-worklet';
import { routeChannels } from './monitor-routing';
import type { PeakLimiterOptions } from './peak-limiter';

/** Levels of every channel (by source id) and of the master bus, after ballistics. */
export interface MixerLevels {
  channels: Record<string, MeterLevels>;
  master: MeterLevels;
}

export interface AudioMixerEvents extends ErrorEvents {
  /** About 30 times a second while the audio clock runs. */
  levels: MixerLevels;
}

export interface AudioMixerOptions {
  /** The mix's sample rate; 48 kHz, Opus's own, so WebRTC need not resample. */
  sampleRate?: number;
  ballistics?: BallisticsOptions;
  limiter?: PeakLimiterOptions;
}

export const DEFAULT_CHANNEL: AudioChannelSettings = { gainDb: 0, muted: false, monitor: false };
export const DEFAULT_MASTER: AudioSettings['master'] = { gainDb: 0, compressor: true, limiter: true };
export const DEFAULT_LIMITER: PeakLimiterOptions = { ceilingDb: -1, lookaheadMs: 5, releaseMs: 80 };

/**
 * Broadcast-style bus compression: gentle ratio, soft knee, speech-friendly times. The node adds
 * its own make-up gain (Web Audio spec), about +7 dB here: quiet material comes up, loud material is
 * held back, the limiter catches what gets through.
 */
const COMPRESSOR: DynamicsCompressorOptions = {
  threshold: -18,
  knee: 6,
  ratio: 3,
  attack: 0.01,
  release: 0.25,
};

/** Gain changes glide with this time constant (s) so a fader move or a mute does not click. */
const GAIN_SMOOTHING_S = 0.01;

/** What Chromium has and the DOM typings do not yet: choosing the context's output device. */
type SinkSelectable = AudioContext & { setSinkId?: (sinkId: string) => Promise<void> };

interface ChannelInput {
  track: MediaStreamTrack;
  node: MediaStreamAudioSourceNode;
  /** Keeps a remote track's samples flowing into Web Audio (see `connectInput`). */
  sink: HTMLAudioElement;
}

interface Channel {
  input: ChannelInput | undefined;
  fader: GainNode;
  programSend: GainNode;
  monitorSend: GainNode;
  meter: AudioWorkletNode;
  levels: MeterState;
}

/**
 * The studio's audio mixer: one AudioContext; one channel per source id, each with a fader in dB,
 * mute, monitor, solo and a meter; a master bus (gain, compressor, −1 dBFS look-ahead limiter,
 * meter) whose single track, `output`, is what WHIP sends and the recorder records.
 *
 *   input → fader ─┬→ meter
 *                  ├→ program send → master gain → [compressor] → [limiter] ─┬→ master meter
 *                  │                                                       └→ output track
 *                  └→ monitor send → monitor device (the context's own output)
 *
 * Channel meters read after the fader and before mute, so a muted microphone still shows that it
 * hears something. Solo only changes what the monitor hears (see monitor-routing.ts); what is sent
 * never depends on it. The mixer does not own its input tracks: sources stop them.
 */
export class AudioMixer extends Emitter<AudioMixerEvents> {
  /** The mixed program audio: what the publisher sends and the recorder records. */
  readonly output: MediaStreamTrack;
  /** Whether `setMonitorDevice` can pick an output device here (`AudioContext.setSinkId`). */
  readonly canChooseMonitorDevice: boolean;

  private readonly channels = new Map<string, Channel>();
  private readonly channelSettings = new Map<string, AudioChannelSettings>();
  private readonly soloed = new Set<string>();
  private master: AudioSettings['master'] = { ...DEFAULT_MASTER };
  private monitorDeviceId: string | undefined;
  private masterLevels = silentMeter();
  private readonly teardown = new Teardown();
  private disposed = false;

  private readonly masterGain: GainNode;
  private readonly compressor: DynamicsCompressorNode;
  private readonly limiter: AudioWorkletNode;
  private readonly masterMeter: AudioWorkletNode;
  private readonly destination: MediaStreamAudioDestinationNode;

  /** Builds the mixer once its worklet module has loaded. */
  static async create(options: AudioMixerOptions = {}): Promise<AudioMixer> {
    if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') {
      throw StudioError.unsupported('mix audio (Web Audio with AudioWorklet)');
    }
    const context = new AudioContext({ sampleRate: options.sampleRate ?? 48000, latencyHint: 'interactive' });
    const url = URL.createObjectURL(new Blob([mixerWorkletSource()], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } catch (error) {
      void context.close().catch(() => undefined);
      throw StudioError.audioFailed('load the audio meters', error);
    } finally {
      URL.revokeObjectURL(url);
    }
    return new AudioMixer(context, options);
  }

  private constructor(
    private readonly context: AudioContext,
    private readonly options: AudioMixerOptions,
  ) {
    super();
    this.teardown.add(() => void context.close().catch(() => undefined));
    this.canChooseMonitorDevice = typeof (context as SinkSelectable).setSinkId === 'function';

    this.masterGain = new GainNode(context, { gain: dbToGain(this.master.gainDb) });
    this.compressor = new DynamicsCompressorNode(context, COMPRESSOR);
    this.limiter = new AudioWorkletNode(context, LIMITER_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [2],
      channelCount: 2,
      channelCountMode: 'explicit',
      processorOptions: options.limiter ?? DEFAULT_LIMITER,
    });
    this.destination = new MediaStreamAudioDestinationNode(context, { channelCount: 2 });
    this.masterMeter = this.createMeter((message) => {
      this.masterLevels = this.measure(this.masterLevels, message);
      this.emit('levels', this.levels());
    });
    const output = this.destination.stream.getAudioTracks()[0];
    if (!output) throw StudioError.audioFailed('create the mixed audio track');
    this.output = output;
    this.teardown.add(() => output.stop());
    this.teardown.add(() => {
      for (const node of [this.masterGain, this.compressor, this.limiter]) node.disconnect();
      releaseMeter(this.masterMeter);
    });
    this.wireMaster();
    // The browser may start the context suspended (autoplay policy) or suspend it later (device
    // change); `resume()` from a gesture restarts it, and its state changes show in `state`.
  }

  /** `running`, or `suspended` until `resume()` is called from a user gesture, or `closed`. */
  get state(): AudioContextState {
    return this.context.state;
  }

  /** Starts the audio clock if the autoplay policy held it back; call from a user gesture. */
  async resume(): Promise<void> {
    if (this.disposed || this.context.state !== 'suspended') return;
    await this.context.resume();
  }

  /** Feeds source `id` from `track` (adding the channel, or replacing its input). */
  setInput(id: string, track: MediaStreamTrack): void {
    this.assertUsable();
    if (track.kind !== 'audio') throw new TypeError(`AudioMixer.setInput(${id}): not an audio track`);
    const channel = this.channels.get(id) ?? this.createChannel(id);
    if (channel.input?.track === track) return;
    if (channel.input) releaseInput(channel.input);
    channel.input = connectInput(this.context, track, channel.fader);
  }

  /** Removes source `id`'s channel; its settings are kept for when it comes back. */
  removeInput(id: string): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    this.channels.delete(id);
    this.soloed.delete(id);
    releaseChannel(channel);
    this.route();
  }

  /** The ids of the channels with an input. */
  inputs(): string[] {
    return [...this.channels.keys()];
  }

  setGain(id: string, gainDb: number): void {
    this.updateChannel(id, { gainDb: clampGainDb(gainDb) });
  }

  setMuted(id: string, muted: boolean): void {
    this.updateChannel(id, { muted });
  }

  setMonitor(id: string, monitor: boolean): void {
    this.updateChannel(id, { monitor });
  }

  /**
   * Solo is a monitoring aid, not part of the saved settings: while any channel is soloed, the
   * monitor hears only soloed channels (muted ones too); the program is unaffected, as in OBS.
   */
  setSolo(id: string, solo: boolean): void {
    if (solo) this.soloed.add(id);
    else this.soloed.delete(id);
    this.route();
  }

  isSoloed(id: string): boolean {
    return this.soloed.has(id);
  }

  setMasterGain(gainDb: number): void {
    this.master = { ...this.master, gainDb: clampGainDb(gainDb) };
    this.glide(this.masterGain.gain, dbToGain(this.master.gainDb));
  }

  setCompressor(on: boolean): void {
    if (this.master.compressor === on) return;
    this.master = { ...this.master, compressor: on };
    this.wireMaster();
  }

  setLimiter(on: boolean): void {
    if (this.master.limiter === on) return;
    this.master = { ...this.master, limiter: on };
    this.wireMaster();
  }

  /**
   * Sends the monitor to output device `deviceId` (undefined: the default output). Where the
   * browser cannot choose (`canChooseMonitorDevice` false), the monitor stays on the default output
   * and the choice is only remembered.
   */
  async setMonitorDevice(deviceId: string | undefined): Promise<void> {
    this.assertUsable();
    const context = this.context as SinkSelectable;
    if (context.setSinkId) {
      try {
        await context.setSinkId(deviceId ?? '');
      } catch (error) {
        throw StudioError.monitorDeviceFailed(error);
      }
    }
    this.monitorDeviceId = deviceId;
  }

  /**
   * Makes the whole mixer match `settings`: channels it does not list go back to the defaults, solo
   * is left alone. Resolves once the monitor device is switched (if it changed).
   */
  async applySettings(settings: AudioSettings): Promise<void> {
    this.assertUsable();
    const ids = new Set([...this.channelSettings.keys(), ...Object.keys(settings.channels)]);
    for (const id of ids) {
      const next = settings.channels[id];
      if (next) this.channelSettings.set(id, { ...next, gainDb: clampGainDb(next.gainDb) });
      else this.channelSettings.delete(id);
      const channel = this.channels.get(id);
      if (channel) this.glide(channel.fader.gain, dbToGain(this.channelSettingsOf(id).gainDb));
    }
    this.route();
    this.setMasterGain(settings.master.gainDb);
    this.setCompressor(settings.master.compressor);
    this.setLimiter(settings.master.limiter);
    if (settings.monitorDeviceId !== this.monitorDeviceId)
      await this.setMonitorDevice(settings.monitorDeviceId);
  }

  /** The current settings, in the scene document's shape (solo is not saved). */
  settings(): AudioSettings {
    const channels: Record<string, AudioChannelSettings> = {};
    for (const [id, settings] of this.channelSettings) channels[id] = { ...settings };
    for (const id of this.channels.keys()) channels[id] ??= { ...DEFAULT_CHANNEL };
    return {
      channels,
      master: { ...this.master },
      ...(this.monitorDeviceId === undefined ? {} : { monitorDeviceId: this.monitorDeviceId }),
    };
  }

  /** The meters now: every channel with an input, and the master. */
  levels(): MixerLevels {
    const channels: Record<string, MeterLevels> = {};
    for (const [id, channel] of this.channels) channels[id] = meterLevels(channel.levels);
    return { channels, master: meterLevels(this.masterLevels) };
  }

  /** Turns off the clip light of channel `id`, or of every meter (master included) without an id. */
  resetClip(id?: string): void {
    if (id === undefined) this.masterLevels = resetClip(this.masterLevels);
    for (const [channelId, channel] of this.channels) {
      if (id === undefined || id === channelId) channel.levels = resetClip(channel.levels);
    }
  }

  /** Closes the AudioContext and everything built on it; the input tracks keep running. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const channel of this.channels.values()) releaseChannel(channel);
    this.channels.clear();
    this.teardown.run();
    this.clear();
  }

  private assertUsable(): void {
    if (this.disposed) throw new StudioError('studio/audio-failed', 'The audio mixer was disposed.');
  }

  private channelSettingsOf(id: string): AudioChannelSettings {
    return this.channelSettings.get(id) ?? DEFAULT_CHANNEL;
  }

  private updateChannel(id: string, change: Partial<AudioChannelSettings>): void {
    const settings = { ...this.channelSettingsOf(id), ...change };
    this.channelSettings.set(id, settings);
    const channel = this.channels.get(id);
    if (channel && change.gainDb !== undefined) this.glide(channel.fader.gain, dbToGain(settings.gainDb));
    this.route();
  }

  private createChannel(id: string): Channel {
    const context = this.context;
    const fader = new GainNode(context, { gain: dbToGain(this.channelSettingsOf(id).gainDb) });
    const programSend = new GainNode(context, { gain: 0 });
    const monitorSend = new GainNode(context, { gain: 0 });
    const channel: Channel = {
      input: undefined,
      fader,
      programSend,
      monitorSend,
      levels: silentMeter(),
      meter: this.createMeter((message) => {
        channel.levels = this.measure(channel.levels, message);
      }),
    };
    fader.connect(channel.meter);
    fader.connect(programSend).connect(this.masterGain);
    fader.connect(monitorSend).connect(context.destination);
    this.channels.set(id, channel);
    this.route();
    return channel;
  }

  /** A meter worklet node (no outputs: Chromium pulls it anyway) reporting to `onWindow`. */
  private createMeter(onWindow: (message: MeterMessage) => void): AudioWorkletNode {
    const processorOptions: MeterProcessorOptions = { windowSeconds: 1 / 30 };
    const meter = new AudioWorkletNode(this.context, METER_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      processorOptions,
    });
    meter.port.onmessage = (event: MessageEvent<MeterMessage>) => {
      if (!this.disposed) onWindow(event.data);
    };
    return meter;
  }

  private measure(state: MeterState, message: MeterMessage): MeterState {
    return updateMeter(
      state,
      { peakDb: amplitudeToDb(message.peak), rmsDb: amplitudeToDb(message.rms) },
      message.time * 1000,
      this.options.ballistics ?? DEFAULT_BALLISTICS,
    );
  }

  /** Opens and closes every channel's program and monitor sends from mute, monitor and solo. */
  private route(): void {
    const inputs = new Map(
      [...this.channels.keys()].map((id) => {
        const { muted, monitor } = this.channelSettingsOf(id);
        return [id, { muted, monitor, solo: this.soloed.has(id) }] as const;
      }),
    );
    for (const [id, route] of routeChannels(inputs)) {
      const channel = this.channels.get(id)!;
      this.glide(channel.programSend.gain, route.program ? 1 : 0);
      this.glide(channel.monitorSend.gain, route.monitor ? 1 : 0);
    }
  }

  /** master gain → [compressor] → [limiter] → master meter and output, skipping what is off. */
  private wireMaster(): void {
    for (const node of [this.masterGain, this.compressor, this.limiter]) node.disconnect();
    let tail: AudioNode = this.masterGain;
    if (this.master.compressor) tail = tail.connect(this.compressor);
    if (this.master.limiter) tail = tail.connect(this.limiter);
    tail.connect(this.masterMeter);
    tail.connect(this.destination);
  }

  private glide(param: AudioParam, value: number): void {
    param.cancelScheduledValues(this.context.currentTime);
    param.setTargetAtTime(value, this.context.currentTime, GAIN_SMOOTHING_S);
  }
}

/**
 * Feeds `track` into `destination`. Chromium hands a *remote* WebRTC track's samples to Web Audio
 * only while a media element also plays it (crbug.com/121673, still so: the guest e2e test reads
 * silence without it), so a muted, detached <audio> element plays every input. It outputs nothing
 * and costs little for local tracks, and which tracks are remote is not knowable from the track.
 */
function connectInput(context: AudioContext, track: MediaStreamTrack, destination: AudioNode): ChannelInput {
  const stream = new MediaStream([track]);
  const node = new MediaStreamAudioSourceNode(context, { mediaStream: stream });
  node.connect(destination);
  const sink = new Audio();
  sink.muted = true;
  sink.srcObject = stream;
  // Muted playback is allowed without a gesture; if it is refused anyway, local tracks still work.
  sink.play().catch(() => undefined);
  return { track, node, sink };
}

function releaseInput(input: ChannelInput): void {
  input.node.disconnect();
  input.sink.pause();
  input.sink.srcObject = null;
}

function releaseChannel(channel: Channel): void {
  if (channel.input) releaseInput(channel.input);
  for (const node of [channel.fader, channel.programSend, channel.monitorSend]) node.disconnect();
  releaseMeter(channel.meter);
}

function releaseMeter(meter: AudioWorkletNode): void {
  meter.disconnect();
  meter.port.onmessage = null;
  meter.port.close();
}
