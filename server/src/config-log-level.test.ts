import { describe, expect, it } from 'vitest';
import { configFromEnvironment } from './config';

const json = { LOG_FORMAT: 'json' };

describe('log level from the environment and --log-level', () => {
  it('takes LOG_LEVEL, and --log-level over it', () => {
    expect(configFromEnvironment([], { ...json, LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(configFromEnvironment(['--log-level', 'warn'], { ...json, LOG_LEVEL: 'debug' }).logLevel).toBe(
      'warn',
    );
    expect(configFromEnvironment(['--log-level=ERROR'], json).logLevel).toBe('error');
    expect(configFromEnvironment([], json).logLevel).toBeUndefined();
  });

  it('refuses a level pino does not know, naming the ones it does', () => {
    expect(() => configFromEnvironment(['--log-level', 'verbose'], json)).toThrow(
      /--log-level: unknown log level "verbose"; use one of trace, debug, info, warn, error, fatal, silent/,
    );
    expect(() => configFromEnvironment([], { ...json, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => configFromEnvironment(['--log-level'], json)).toThrow(/unknown log level ""/);
  });
});
