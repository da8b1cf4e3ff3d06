/**
 * Type-checked only, never run or bundled: in the worklet's global scope (types from
 * @types/audioworklet) the call the generated module makes must compile, so `MixerWorkletScope`
 * cannot drift from what the browser provides.
 */
import { registerMixerProcessors } from '../src/audio/mixer-worklet';
import { MeterWindow } from '../src/audio/meter-window';
import { PeakLimiter } from '../src/audio/peak-limiter';

export const checkScope = (): void =>
  registerMixerProcessors(globalThis, PeakLimiter, MeterWindow, { meter: 'meter', limiter: 'limiter' });
