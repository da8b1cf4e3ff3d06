// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountAll } from './embed-app';
import { mountPlayer } from './mount-player';

vi.mock('./mount-player', () => ({ mountPlayer: vi.fn(() => ({ dispose: () => {} })) }));

afterEach(() => {
  document.body.innerHTML = '';
  vi.mocked(mountPlayer).mockClear();
});

describe('embed auto-mount', () => {
  it('passes data-brume-token as the viewer token', () => {
    document.body.innerHTML =
      '<div data-brume-stream="live" data-brume-token="tok.en"></div><div data-brume-stream="open"></div>';
    mountAll(document, 'http://relay');
    const calls = vi.mocked(mountPlayer).mock.calls;
    expect(calls).toHaveLength(2);
    expect(calls[0]?.[1]).toMatchObject({ stream: 'live', server: 'http://relay', token: 'tok.en' });
    expect(calls[1]?.[1]).not.toHaveProperty('token');
  });
});
