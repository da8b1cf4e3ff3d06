import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

describe('main.ts on SIGTERM', () => {
  it('drains, logs the shutdown and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, BRUME_METADATA_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
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
    const kill = setTimeout(() => child.kill('SIGKILL'), 25_000);
    try {
      const url = await listening;
      expect((await fetch(`${url}/api/streams`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('SIGTERM: draining');
      expect(output).toContain('shutdown complete');
    } finally {
      clearTimeout(kill);
      child.kill('SIGKILL');
    }
  }, 30_000);
});
