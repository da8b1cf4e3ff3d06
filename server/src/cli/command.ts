import type { Readable, Writable } from 'node:stream';

/** What a command reads and writes; the entry point passes the process's, tests their own. */
export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** One `brume <command>`. `run` resolves to the process exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Splits `--flag value`, `--flag=value` and boolean `--flag` from positional arguments. */
export function parseArgs(
  args: readonly string[],
  flags: { values: readonly string[]; booleans: readonly string[] },
): { positional: string[]; values: Map<string, string>; booleans: Set<string> } {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.booleans.includes(flag) && inline === undefined) booleans.add(flag);
    else if (flags.values.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
      values.set(flag, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { positional, values, booleans };
}
