import { describe, expect, it } from 'vitest';
import { statusText } from './status-text';
import { DEFAULT_STRINGS } from './strings';

const base = { error: undefined, live: true, stream: 'demo' };

describe('statusText', () => {
  it('has the words the e2e tests look for', () => {
    expect(statusText({ ...base, status: 'waiting' })).toBe('Waiting for stream…');
    expect(statusText({ ...base, status: 'connecting' })).toBe('Connecting…');
    expect(statusText({ ...base, status: 'playing' })).toBe('Live');
    expect(statusText({ ...base, status: 'reconnecting' })).toBe('Reconnecting…');
    expect(statusText({ ...base, status: 'ended' })).toBe('Stream ended');
    expect(statusText(undefined)).toBe('Idle');
  });
  it('tells VoD from live', () => {
    expect(statusText({ ...base, stream: undefined, live: false, status: 'playing' })).toBe('Playing');
    expect(statusText({ ...base, stream: undefined, live: false, status: 'ended' })).toBe('Ended');
  });
  it('shows the error message', () => {
    expect(
      statusText({
        ...base,
        status: 'error',
        error: { code: 'player/no-compatible-source', message: 'No way.' },
      }),
    ).toBe('Error: No way.');
  });
  it('uses translated strings', () => {
    expect(statusText({ ...base, status: 'playing' }, { ...DEFAULT_STRINGS, live: 'En direct' })).toBe(
      'En direct',
    );
  });
});
