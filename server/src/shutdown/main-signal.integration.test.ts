import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

describe('main.ts on SIGTERM', () => {
  it('drains, logs the shutdown and exits 0 (one process)', async () => {
    await drains('1', 'SIGTERM: draining');
  }, 30_000);

  it('has every worker drain and exits 0 (the default: one worker per core)', async () => {
    await drains('2', 'SIGTERM: workers draining');
  }, 60_000);
});

/** Starts main.ts with `workers`, asks it something, SIGTERMs it, and checks the drain's log and exit. */
async function drains(workers: string, draining: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--host', '127.0.0.1'], {
    env: {
      ...process.env,
      BRUME_METADATA_PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      BRUME_WORKERS: workers,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Brume relay on (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`main.ts exited before listening:\n${output}`)));
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), 55_000);
  try {
    const url = await listening;
    expect((await fetch(`${url}/api/streams`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain(draining);
    expect(output).toContain('shutdown complete');
  } finally {
    clearTimeout(kill);
    child.kill('SIGKILL');
  }
}
