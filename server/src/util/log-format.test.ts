import { describe, expect, it } from 'vitest';
import { formatLogLine } from './log-format';

describe('log line format', () => {
  it('prints time, level, message and extra fields on one line', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 1, 12, 34, 56, 789),
      pid: 1,
      hostname: 'h',
      stream: 'cam',
      reason: 'delete',
      msg: 'publisher of cam ended (delete)',
    });
    expect(formatLogLine(line)).toBe(
      '12:34:56.789 INFO  publisher of cam ended (delete)  stream=cam reason=delete\n',
    );
  });

  it('passes non-JSON through', () => {
    expect(formatLogLine('plain')).toBe('plain');
  });
});
