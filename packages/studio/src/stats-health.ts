import type { QualityLimitationReason } from './publisher-stats';

export type HealthLevel = 'ok' | 'warn' | 'error';

/** OBS's thresholds (window-basic-stats.cpp): below 95% of the target fps warns, below 80% is an error. */
export function fpsHealth(fps: number | undefined, targetFps: number): HealthLevel | undefined {
  if (fps === undefined || targetFps <= 0) return undefined;
  const ratio = fps / targetFps;
  return ratio < 0.8 ? 'error' : ratio < 0.95 ? 'warn' : 'ok';
}

/** OBS's dropped-frame thresholds applied to packet loss: 1% warns, 5% is an error. */
export function lossHealth(fractionLost: number | undefined): HealthLevel | undefined {
  if (fractionLost === undefined) return undefined;
  return fractionLost >= 0.05 ? 'error' : fractionLost >= 0.01 ? 'warn' : 'ok';
}

/** The encoder lowering resolution or frame rate (for CPU or bandwidth) is worth a warning. */
export function qualityLimitationHealth(
  reason: QualityLimitationReason | undefined,
): HealthLevel | undefined {
  if (reason === undefined) return undefined;
  return reason === 'none' ? 'ok' : 'warn';
}

/** OBS: rendering a frame in more than 75 % of its time slot warns; more than the whole slot is an error. */
export function renderTimeHealth(renderMs: number | undefined, targetFps: number): HealthLevel | undefined {
  if (renderMs === undefined || targetFps <= 0) return undefined;
  const budget = 1000 / targetFps;
  return renderMs > budget ? 'error' : renderMs > budget * 0.75 ? 'warn' : 'ok';
}
