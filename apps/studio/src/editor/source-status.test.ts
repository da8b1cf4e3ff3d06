import { StudioError } from '@brume/studio';
import { describe, expect, it } from 'vitest';
import { statusView } from './source-status';

describe('source status', () => {
  it('says how a source is doing and when it can be retried', () => {
    expect(statusView(undefined)).toBeUndefined();
    expect(statusView({ state: 'opening' })).toEqual({ state: 'opening', text: 'Opening…', retry: false });
    expect(statusView({ state: 'live' })?.retry).toBe(false);
    expect(statusView({ state: 'waiting' })?.text).toMatch(/waiting/i);
    const error = new StudioError('studio/permission-denied', 'Allow the camera in the address bar.');
    expect(statusView({ state: 'error', error })).toEqual({
      state: 'error',
      text: 'Allow the camera in the address bar.',
      retry: true,
    });
    expect(statusView({ state: 'ended', reason: 'The camera was unplugged.' })).toMatchObject({
      retry: true,
    });
  });
});
