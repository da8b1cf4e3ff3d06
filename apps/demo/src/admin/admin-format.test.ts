import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, parseKeyList } from './admin-format';

describe('admin formats', () => {
  it('formats bytes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(7_620_000)).toBe('2h 07m');
    expect(formatDuration(-5)).toBe('0s');
  });

  it('reads publish keys separated by commas, spaces or lines', () => {
    expect(parseKeyList(' key-one-123, key-two-456\nkey-3-7890  ')).toEqual([
      'key-one-123',
      'key-two-456',
      'key-3-7890',
    ]);
    expect(parseKeyList('  ,  ')).toEqual([]);
  });
});
