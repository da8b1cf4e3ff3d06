import os from 'node:os';

/** The most worker processes `--workers` takes (a typo such as 800 should not fork 800 relays). */
export const MAX_WORKERS = 64;

/**
 * `--workers N|auto` (or `BRUME_WORKERS`; the flag wins): how many relay processes serve behind the
 * one port. `auto`, the default, is one per core (`os.availableParallelism()`); 1 is the plain single
 * process (also what `auto` gives on one core).
 * Returns the count and the arguments without the flag (the rest are the relay's). Throws on a bad
 * value, as the relay's other flags do.
 */
export function takeWorkersOption(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cores = os.availableParallelism(),
): { workers: number; args: string[] } {
  let value = env.BRUME_WORKERS || undefined;
  let source = 'BRUME_WORKERS';
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.split('=', 2);
    if (flag !== '--workers') {
      rest.push(arg);
      continue;
    }
    value = inline ?? args[++i] ?? '';
    source = '--workers';
  }
  return { workers: parseWorkers(value ?? 'auto', source, cores), args: rest };
}

function parseWorkers(value: string, source: string, cores: number): number {
  if (value === 'auto') return Math.max(1, Math.min(cores, MAX_WORKERS));
  const count = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS) {
    throw new Error(`${source} must be auto or a whole number from 1 to ${MAX_WORKERS}, got "${value}"`);
  }
  return count;
}
