import type { PlayerStrings } from '../strings';

export const PLAYBACK_RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** `Normal` for 1, `1.5×` otherwise. */
export function rateLabel(rate: number, strings: PlayerStrings): string {
  return rate === 1 ? strings.normalSpeed : `${rate}×`;
}
