import { describe, expect, it } from 'vitest';
import { isValidStreamName, parseStreamName } from './stream-name';

describe('stream names', () => {
  it('accepts plain names of 1 to 64 allowed characters', () => {
    expect(isValidStreamName('a')).toBe(true);
    expect(isValidStreamName('Live_stream-01')).toBe(true);
    expect(isValidStreamName('x'.repeat(64))).toBe(true);
  });

  it('rejects empty, too long, and unsafe names', () => {
    for (const bad of ['', 'x'.repeat(65), '../etc', 'a b', 'a/b', 'a.b', 'é', 'a%2F', '+a', 'a+', 'a+b+c']) {
      expect(isValidStreamName(bad), bad).toBe(false);
    }
  });

  it('splits wildcard names into base and suffix', () => {
    expect(parseStreamName('live+alice')).toEqual({ full: 'live+alice', base: 'live', suffix: 'alice' });
    expect(parseStreamName('live')).toEqual({ full: 'live', base: 'live' });
  });
});
