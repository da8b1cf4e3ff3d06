import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runBrume } from './brume';

async function brume(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await runBrume(args, { stdin: new PassThrough(), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe('brume serve', () => {
  it('is listed, and explains the precedence in its help', async () => {
    expect((await brume('--help')).stdout).toMatch(/serve\s+run the relay/);
    const help = await brume('serve', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--config path');
    expect(help.stdout).toContain('these flags, the environment');
  });

  it('refuses an unknown option with its usage', async () => {
    const result = await brume('serve', '--conifg', 'x.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option --conifg');
  });

  it('does not start on a broken config file, and says where it is broken', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'brume-serve-'));
    try {
      const file = path.join(directory, 'brume.yaml');
      await writeFile(file, 'port: 8080\nlogLevel: chatty\n');
      const result = await brume('serve', '--config', file);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `brume serve: ${file}:2:11 logLevel: must be one of fatal, error, warn, info, debug, trace, silent\n`,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a bad flag value', async () => {
    const result = await brume('serve', '--port', '99999');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('brume serve: --port: invalid port "99999"\n');
  });
});
