import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from './free-port';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** A relay as its own process (`main.ts`), as an operator runs it: it can be killed like a machine. */
export interface RelayProcess {
  base: string;
  child: ChildProcess;
  /** SIGTERM (the relay drains), or `signal`; resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `main.ts` on a free loopback port with ICE on 127.0.0.1, the metadata TCP port off, one
 * process unless `env` says otherwise, and JSON logs (warnings and errors to this process's stderr);
 * resolves once it answers HTTP. `env` (or what it gives for the relay's base URL) is added to
 * this process's environment.
 */
export async function startRelayProcess(
  env: NodeJS.ProcessEnv | ((base: string) => NodeJS.ProcessEnv) = {},
): Promise<RelayProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'],
    {
      env: {
        ...process.env,
        BRUME_ICE_HOSTS: '127.0.0.1',
        BRUME_METADATA_PORT: '0',
        BRUME_WORKERS: '1',
        LOG_FORMAT: 'json',
        ...(typeof env === 'function' ? env(base) : env),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await gone;
  };
  try {
    await waitForHttp(`${base}/api/time`, 60_000, () => child.exitCode === null);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return { base, child, stop };
}
