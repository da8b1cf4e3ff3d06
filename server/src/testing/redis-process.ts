import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';

/** A throwaway Redis (Debian's `redis-server`) on a free loopback port, no persistence. */
export interface RedisProcess {
  url: string;
  port: number;
  /** Kills it (SIGKILL: a crash, as far as clients can tell). */
  kill(): Promise<void>;
}

/** On `port` (a restart on the same address), else on a free one. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  port ??= await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'notice',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Never outlive the test process, even when it ends without running its clean-up.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  const ready = new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
    setTimeout(
      () => reject(new Error(`redis-server not ready after 10 s: ${output.slice(-500)}`)),
      10_000,
    ).unref();
  });
  try {
    await ready;
  } catch (error) {
    await stop(child);
    throw error;
  }
  const listening = port;
  return { url: `redis://127.0.0.1:${listening}`, port: listening, kill: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
