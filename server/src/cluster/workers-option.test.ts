import { describe, expect, it } from 'vitest';
import { takeWorkersOption } from './workers-option';

describe('--workers', () => {
  it('takes the flag (either form) out of the relay arguments; the flag beats the environment', () => {
    expect(takeWorkersOption(['--port', '9000', '--workers', '3'], {}, 8)).toEqual({
      workers: 3,
      args: ['--port', '9000'],
    });
    expect(takeWorkersOption(['--workers=2', '--log-level', 'warn'], { BRUME_WORKERS: '5' }, 8)).toEqual({
      workers: 2,
      args: ['--log-level', 'warn'],
    });
    expect(takeWorkersOption([], { BRUME_WORKERS: '5' }, 8).workers).toBe(5);
  });

  it('is one per core without either (auto), one process on one core or when asked', () => {
    expect(takeWorkersOption(['--port', '1'], {}, 8).workers).toBe(8);
    expect(takeWorkersOption([], {}, 1).workers).toBe(1);
    expect(takeWorkersOption(['--workers', '1'], {}, 8).workers).toBe(1);
    expect(takeWorkersOption(['--workers', 'auto'], {}, 2).workers).toBe(2);
    expect(takeWorkersOption([], { BRUME_WORKERS: 'auto' }, 1).workers).toBe(1);
  });

  it('refuses what is not a count, naming where it came from', () => {
    expect(() => takeWorkersOption(['--workers', '0'], {}, 2)).toThrow(
      /--workers must be auto or a whole number from 1 to 64, got "0"/,
    );
    expect(() => takeWorkersOption(['--workers', '65'], {}, 2)).toThrow(/--workers/);
    expect(() => takeWorkersOption(['--workers'], {}, 2)).toThrow(/got ""/);
    expect(() => takeWorkersOption([], { BRUME_WORKERS: 'two' }, 2)).toThrow(/BRUME_WORKERS/);
  });
});
