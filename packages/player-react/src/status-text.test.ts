import { describe, expect, it } from 'vitest';
import { statusText } from './status-text';

describe('statusText', () => {
  it('has the words the e2e tests look for', () => {
    expect(statusText({ status: 'waiting', error: undefined })).toBe('Waiting for stream…');
    expect(statusText({ status: 'connecting', error: undefined })).toBe('Connecting…');
    expect(statusText({ status: 'live', error: undefined })).toBe('Live');
    expect(statusText({ status: 'reconnecting', error: undefined })).toBe('Reconnecting…');
    expect(statusText({ status: 'ended', error: undefined })).toBe('Stream ended');
    expect(statusText(undefined)).toBe('Idle');
  });
  it('shows the error message', () => {
    expect(
      statusText({ status: 'error', error: { code: 'player/no-compatible-source', message: 'No way.' } }),
    ).toBe('Error: No way.');
  });
});
