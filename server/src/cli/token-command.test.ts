import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyViewerToken } from '../access/viewer-token';
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

describe('brume token', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is listed and explains the scope rule', async () => {
    expect((await brume('--help')).stdout).toMatch(/token\s+print a signed viewer token/);
    const help = await brume('token', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('also opens its wildcard streams');
  });

  it('signs with the config file secret, valid for --ttl seconds', async () => {
    vi.stubEnv('BRUME_VIEWER_TOKEN_SECRET', '');
    const directory = await mkdtemp(path.join(tmpdir(), 'brume-token-'));
    try {
      const file = path.join(directory, 'brume.yaml');
      await writeFile(file, 'auth:\n  viewerTokenSecret: from-the-file-0123456789\n');
      const before = Date.now();
      const result = await brume('token', 'live', '--ttl', '60', '--config', file);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const token = result.stdout.trim();
      const check = verifyViewerToken('from-the-file-0123456789', token, 'live+alice', Date.now());
      expect(check.ok).toBe(true);
      if (!check.ok) return;
      expect(check.claims.expiresAtMs).toBeGreaterThanOrEqual(before + 60_000);
      expect(check.claims.expiresAtMs).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(
        verifyViewerToken('from-the-file-0123456789', token, 'live', before + 60_001 + (Date.now() - before)),
      ).toEqual({
        ok: false,
        reason: 'expired',
      });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('signs with BRUME_VIEWER_TOKEN_SECRET, one hour by default', async () => {
    vi.stubEnv('BRUME_VIEWER_TOKEN_SECRET', 'from-the-env');
    vi.stubEnv('BRUME_CONFIG', '');
    const result = await brume('token', 'live+alice');
    expect(result.code).toBe(0);
    const check = verifyViewerToken('from-the-env', result.stdout.trim(), 'live+alice', Date.now());
    expect(check.ok && check.claims.expiresAtMs - Date.now()).toBeGreaterThan(3_590_000);
    expect(verifyViewerToken('from-the-env', result.stdout.trim(), 'live', Date.now())).toEqual({
      ok: false,
      reason: 'wrong-stream',
    });
  });

  it('fails clearly without a secret, on a bad file, a bad name or a bad --ttl', async () => {
    vi.stubEnv('BRUME_VIEWER_TOKEN_SECRET', '');
    vi.stubEnv('BRUME_CONFIG', '');
    const none = await brume('token', 'live');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no secret');
    const missing = await brume('token', 'live', '--config', path.join(tmpdir(), 'no-such-brume.yaml'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-brume.yaml');
    vi.stubEnv('BRUME_VIEWER_TOKEN_SECRET', 's');
    expect((await brume('token', '../etc')).code).toBe(2);
    expect((await brume('token', 'live', '--ttl', '-5')).code).toBe(2);
    expect((await brume('token')).code).toBe(2);
  });
});
