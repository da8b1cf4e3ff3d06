import { describe, expect, it } from 'vitest';
import type { Logger } from '../util/logger';
import { BurstLog } from './burst-log';

function recorder() {
  const lines: { fields: object; message: string | undefined }[] = [];
  const log = {
    warn: (fields: object, message?: string) => lines.push({ fields, message }),
  } as unknown as Logger;
  return { log, lines };
}

describe('BurstLog', () => {
  it('logs the first rejection of a burst per key, and the count of the rest with the next burst', () => {
    const { log, lines } = recorder();
    const burst = new BurstLog(log, 1000);
    burst.warn('tcp:cam', { code: 'x' }, 'bad line', 0);
    burst.warn('tcp:cam', { code: 'x' }, 'bad line', 500);
    burst.warn('tcp:cam', { code: 'x' }, 'bad line', 1400);
    burst.warn('http:cam', { code: 'y' }, 'bad body', 1400);
    expect(lines.map((l) => l.message)).toEqual(['bad line', 'bad body']);
    burst.warn('tcp:cam', { code: 'x' }, 'bad line', 2500);
    expect(lines[2]).toEqual({
      fields: { code: 'x', previousBurst: 2 },
      message: 'bad line (and 2 more rejections in the previous burst)',
    });
  });
});
