/**
 * The wait before retry number `failures` (1 = the first failure): `minMs`, doubling, at most
 * `maxMs`, with up to 20 % taken off at random so many pulls of one broken origin do not retry in
 * step. `random` is injectable for tests.
 */
export function retryDelay(failures: number, minMs: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 - 0.2 * random()));
}
