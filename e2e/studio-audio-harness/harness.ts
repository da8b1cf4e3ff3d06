/**
 * The studio's audio mixer and program recorder on their own, in a page the server answers: tones
 * at known levels go in, meters and the output track are read back, recordings come out as bytes.
 * Bundled by esbuild into an IIFE (harness-script.ts); the specs drive it through `__audioHarness`.
 */
import {
  AudioMixer,
  ProgramRecorder,
  type MixerLevels,
  type RecordingFormat,
  type RecordingResult,
} from '@brume/studio';
// The worklet's processor names are internal: only the limiter comparison needs them.
import { LIMITER_PROCESSOR, mixerWorkletSource } from '../../packages/studio/src/audio/mixer-worklet';

export interface LimiterComparison {
  /** Output peak, dBFS, of a +6 dBFS 1 kHz sine and of sharp bursts, through each limiter. */
  native: { sinePeakDb: number; burstPeakDb: number };
  worklet: { sinePeakDb: number; burstPeakDb: number };
}

export interface RecordingOutcome {
  base64: string;
  mimeType: string;
  durationMs: number;
  fileName: string;
  size: number;
  states: string[];
  progress: { elapsedMs: number; bytes: number }[];
  /** Frames the canvas drew while recording. */
  framesDrawn: number;
  /** From `stop()` to the file (encoder flush, muxing, WebM remux), ms. */
  stopMs: number;
}

export interface AudioHarness {
  mixer(): AudioMixer;
  createMixer(): Promise<void>;
  /** Feeds channel `id` with a sine at `levelDb` dBFS from its own AudioContext (like a real source). */
  addTone(id: string, options: { frequency: number; levelDb: number }): Promise<void>;
  /**
   * The same, sent through a loopback RTCPeerConnection first: channel `id` gets the *remote* track,
   * as a guest pulled over WHEP would arrive.
   */
  addRemoteTone(id: string, options: { frequency: number; levelDb: number }): Promise<void>;
  levels(): MixerLevels;
  /** `levels` events over `ms`. */
  countLevelEvents(ms: number): Promise<number>;
  /** Peak of the mixer's output track over `ms`, read back through an AnalyserNode, dBFS. */
  outputPeakDb(ms: number): Promise<number>;
  compareLimiters(): Promise<LimiterComparison>;
  /**
   * Records a canvas track (640x360 unless given) and the mixer output for `seconds`; ends the
   * video track instead of calling `stop()` if asked.
   */
  record(options: {
    format: RecordingFormat;
    seconds: number;
    endVideoTrack?: boolean;
    width?: number;
    height?: number;
  }): Promise<RecordingOutcome>;
  dispose(): void;
}

let mixer: AudioMixer | undefined;
const cleanups: (() => void)[] = [];

const toDb = (amplitude: number) => (amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function requireMixer(): AudioMixer {
  if (!mixer) throw new Error('createMixer() first');
  return mixer;
}

/** A sine at `levelDb` dBFS from its own AudioContext, as a MediaStreamTrack (like a real source). */
async function toneTrack({
  frequency,
  levelDb,
}: {
  frequency: number;
  levelDb: number;
}): Promise<MediaStreamTrack> {
  const context = new AudioContext({ sampleRate: 48000 });
  const oscillator = new OscillatorNode(context, { frequency });
  const destination = new MediaStreamAudioDestinationNode(context);
  oscillator.connect(new GainNode(context, { gain: 10 ** (levelDb / 20) })).connect(destination);
  oscillator.start();
  await context.resume();
  const track = destination.stream.getAudioTracks()[0]!;
  cleanups.push(() => {
    track.stop();
    void context.close();
  });
  return track;
}

/** An animated canvas captured at 30 fps: the stand-in for the compositor's program track. */
function canvasTrack(width: number, height: number): { track: MediaStreamTrack; frames: () => number } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const timer = setInterval(() => {
    frame += 1;
    context.fillStyle = `hsl(${(frame * 3) % 360} 60% 40%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#fff';
    context.fillRect((frame * 8) % canvas.width, height / 2 - 30, 60, 60);
    context.font = '48px sans-serif';
    context.fillText(String(frame), 20, 60);
  }, 1000 / 30);
  const track = canvas.captureStream(30).getVideoTracks()[0]!;
  cleanups.push(() => {
    clearInterval(timer);
    track.stop();
  });
  return { track, frames: () => frame };
}

/** Peak of `render`'s first channel, dBFS. */
function peakOf(buffer: AudioBuffer): number {
  let peak = 0;
  for (const sample of buffer.getChannelData(0)) peak = Math.max(peak, Math.abs(sample));
  return toDb(peak);
}

/** Renders 1 s of a +6 dBFS sine, or of bursts, offline through the limiter `build` makes. */
async function renderThrough(
  signal: 'sine' | 'bursts',
  build: (context: OfflineAudioContext) => Promise<AudioNode>,
): Promise<number> {
  const context = new OfflineAudioContext({ numberOfChannels: 2, length: 48000, sampleRate: 48000 });
  const limiter = await build(context);
  const oscillator = new OscillatorNode(context, { frequency: signal === 'sine' ? 1000 : 200 });
  const gain = new GainNode(context, { gain: signal === 'sine' ? 2 : 0 });
  if (signal === 'bursts') {
    // 10 ms bursts at +12 dBFS out of silence every 100 ms: what a compressor's attack lets through.
    for (let t = 0.05; t < 1; t += 0.1) {
      gain.gain.setValueAtTime(4, t);
      gain.gain.setValueAtTime(0, t + 0.01);
    }
  }
  oscillator.connect(gain).connect(limiter).connect(context.destination);
  oscillator.start();
  return peakOf(await context.startRendering());
}

const harness: AudioHarness = {
  mixer: requireMixer,

  async createMixer() {
    mixer = await AudioMixer.create();
    await mixer.resume();
  },

  async addTone(id, options) {
    requireMixer().setInput(id, await toneTrack(options));
  },

  async addRemoteTone(id, options) {
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    cleanups.push(() => {
      sender.close();
      receiver.close();
    });
    sender.onicecandidate = (event) => void receiver.addIceCandidate(event.candidate ?? undefined);
    receiver.onicecandidate = (event) => void sender.addIceCandidate(event.candidate ?? undefined);
    const remote = new Promise<MediaStreamTrack>(
      (resolve) => (receiver.ontrack = (event) => resolve(event.track)),
    );
    sender.addTrack(await toneTrack(options));
    await sender.setLocalDescription();
    await receiver.setRemoteDescription(sender.localDescription!);
    await receiver.setLocalDescription();
    await sender.setRemoteDescription(receiver.localDescription!);
    requireMixer().setInput(id, await remote);
  },

  levels: () => requireMixer().levels(),

  async countLevelEvents(ms) {
    let count = 0;
    const off = requireMixer().on('levels', () => (count += 1));
    await sleep(ms);
    off();
    return count;
  },

  async outputPeakDb(ms) {
    const context = new AudioContext({ sampleRate: 48000 });
    try {
      const analyser = new AnalyserNode(context, { fftSize: 2048 });
      new MediaStreamAudioSourceNode(context, {
        mediaStream: new MediaStream([requireMixer().output]),
      }).connect(analyser);
      await context.resume();
      const data = new Float32Array(analyser.fftSize);
      let peak = 0;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        await sleep(10);
        analyser.getFloatTimeDomainData(data);
        for (const sample of data) peak = Math.max(peak, Math.abs(sample));
      }
      return toDb(peak);
    } finally {
      await context.close();
    }
  },

  async compareLimiters() {
    // The browser's compressor set up as a limiter: hard knee, −1 dB threshold, top ratio, fastest attack.
    const native = async (context: OfflineAudioContext): Promise<AudioNode> =>
      new DynamicsCompressorNode(context, { threshold: -1, knee: 0, ratio: 20, attack: 0, release: 0.05 });
    const worklet = async (context: OfflineAudioContext): Promise<AudioNode> => {
      const url = URL.createObjectURL(new Blob([mixerWorkletSource()], { type: 'text/javascript' }));
      await context.audioWorklet.addModule(url);
      URL.revokeObjectURL(url);
      return new AudioWorkletNode(context, LIMITER_PROCESSOR, {
        outputChannelCount: [2],
        processorOptions: { ceilingDb: -1, lookaheadMs: 5, releaseMs: 80 },
      });
    };
    return {
      native: {
        sinePeakDb: await renderThrough('sine', native),
        burstPeakDb: await renderThrough('bursts', native),
      },
      worklet: {
        sinePeakDb: await renderThrough('sine', worklet),
        burstPeakDb: await renderThrough('bursts', worklet),
      },
    };
  },

  async record({ format, seconds, endVideoTrack, width = 640, height = 360 }) {
    const canvas = canvasTrack(width, height);
    const video = canvas.track;
    const recorder = new ProgramRecorder({ video, audio: requireMixer().output, format });
    const states: string[] = [];
    const progress: { elapsedMs: number; bytes: number }[] = [];
    recorder.on('state', ({ state }) => states.push(state));
    recorder.on('progress', (p) => progress.push(p));
    cleanups.push(() => recorder.dispose());
    await recorder.start();
    const firstFrame = canvas.frames();
    await sleep(seconds * 1000);
    const framesDrawn = canvas.frames() - firstFrame;
    const stopAt = performance.now();
    let result: RecordingResult;
    if (endVideoTrack) {
      const stopped = new Promise<RecordingResult>((resolve) => recorder.on('stopped', resolve));
      // `stop()` on a track fires no `ended` event; a source ending by itself does. Simulate that.
      video.stop();
      video.dispatchEvent(new Event('ended'));
      result = await stopped;
    } else {
      result = await recorder.stop();
    }
    const stopMs = performance.now() - stopAt;
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(result.blob);
    });
    return {
      // The MIME type's codecs list has commas too; base64 has none.
      base64: dataUrl.slice(dataUrl.lastIndexOf(',') + 1),
      mimeType: result.mimeType,
      durationMs: result.durationMs,
      fileName: result.fileName,
      size: result.blob.size,
      states,
      progress,
      framesDrawn,
      stopMs,
    };
  },

  dispose() {
    for (const cleanup of cleanups.splice(0)) cleanup();
    mixer?.dispose();
    mixer = undefined;
  },
};

(window as unknown as { __audioHarness: AudioHarness }).__audioHarness = harness;
