import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FragmentFile } from './fragment-file';

describe('FragmentFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brume-fragment-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory and appends writes in order, each on disk before close', async () => {
    const file = path.join(dir, 'live', 'a.mp4');
    const out = new FragmentFile(file);
    out.write(Uint8Array.of(1, 2));
    out.write(new Uint8Array(0));
    out.write(Uint8Array.of(3));
    expect(out.bytes).toBe(3);
    // Writes go to the kernel as they come: the file holds them before close().
    const size = () => (existsSync(file) ? readFileSync(file).length : 0);
    for (let i = 0; i < 50 && size() < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    await out.close();
    expect(out.error).toBeUndefined();
  });

  it('never overwrites a file, and reports the failure at close', async () => {
    const file = path.join(dir, 'taken.mp4');
    writeFileSync(file, 'keep');
    const out = new FragmentFile(file);
    out.write(Uint8Array.of(1));
    await expect(out.close()).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});
