import { MeterWindow } from './meter-window';
import { PeakLimiter, type PeakLimiterOptions } from './peak-limiter';

/** The processors the mixer's worklet module registers. */
export const METER_PROCESSOR = 'brume-meter';
export const LIMITER_PROCESSOR = 'brume-limiter';

export interface MeterProcessorOptions {
  /** Length of one measurement window, s (1/30: the meters update 30 times a second). */
  windowSeconds: number;
}

/** What a meter processor posts for each window: linear peak and RMS at the audio clock's `time` (s). */
export interface MeterMessage {
  time: number;
  peak: number;
  rms: number;
}

interface Processor {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}

/**
 * The part of the AudioWorkletGlobalScope the processors use. Passed in rather than read as globals
 * so this file type-checks with the DOM library too; packages/studio/worklet checks it against the
 * real scope's types (@types/audioworklet).
 */
export interface MixerWorkletScope {
  readonly sampleRate: number;
  readonly currentTime: number;
  readonly AudioWorkletProcessor: new () => { readonly port: MessagePort };
  registerProcessor(
    name: string,
    processor: new (options: { processorOptions?: unknown }) => Processor,
  ): void;
}

/**
 * Registers the meter and limiter processors. Runs inside the worklet, from source text
 * (`mixerWorkletSource`): everything it uses arrives as an argument, nothing from this module's scope
 * (names and constants included) is visible there.
 */
export function registerMixerProcessors(
  scope: MixerWorkletScope,
  Limiter: typeof PeakLimiter,
  Window: typeof MeterWindow,
  names: { meter: string; limiter: string },
): void {
  class MeterProcessor extends scope.AudioWorkletProcessor implements Processor {
    private readonly meter: MeterWindow;

    constructor(options: { processorOptions?: unknown }) {
      super();
      const { windowSeconds } = options.processorOptions as MeterProcessorOptions;
      this.meter = new Window(windowSeconds * scope.sampleRate);
    }

    process(inputs: Float32Array[][]): boolean {
      const channels = inputs[0] ?? [];
      // An unconnected input has no channels; a render quantum is 128 frames.
      const reading = this.meter.add(channels, channels[0]?.length ?? 128);
      if (reading) {
        const message: MeterMessage = { time: scope.currentTime, peak: reading.peak, rms: reading.rms };
        this.port.postMessage(message);
      }
      return true;
    }
  }

  class LimiterProcessor extends scope.AudioWorkletProcessor implements Processor {
    private readonly limiter: PeakLimiter;

    constructor(options: { processorOptions?: unknown }) {
      super();
      this.limiter = new Limiter(scope.sampleRate, options.processorOptions as PeakLimiterOptions);
    }

    process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      this.limiter.process(inputs[0] ?? [], outputs[0] ?? []);
      return true;
    }
  }

  scope.registerProcessor(names.meter, MeterProcessor);
  scope.registerProcessor(names.limiter, LimiterProcessor);
}

/**
 * The worklet module as source text: the registration function called with the worklet's global
 * scope and the DSP classes as class expressions. Built from the functions themselves (not a
 * separate file) so it loads the same way in the Vite app, an esbuild harness and tests, with no
 * bundler plugin or worklet URL to configure.
 */
export function mixerWorkletSource(): string {
  const names = JSON.stringify({ meter: METER_PROCESSOR, limiter: LIMITER_PROCESSOR });
  return `(${registerMixerProcessors.toString()})(globalThis, ${PeakLimiter.toString()}, ${MeterWindow.toString()}, ${names});\n`;
}
