// @vitest-environment happy-dom
import type { FiredMetadataEvent, PlayerCore } from '@brume/player-react';
import type { MetadataTrack } from '@brume/protocol';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MetadataLog } from './MetadataLog';

afterEach(() => cleanup());

/** Just what the log uses of a core: `metadata.tracks`, `metadata.subscribe`, `on('metadatatracks')`. */
function fakeCore() {
  const subscribers = new Set<(event: FiredMetadataEvent) => void>();
  const trackListeners = new Set<() => void>();
  const metadata = { tracks: [] as readonly MetadataTrack[], subscribe: vi.fn() };
  metadata.subscribe.mockImplementation((_track: string, callback: (event: FiredMetadataEvent) => void) => {
    subscribers.add(callback);
    return () => subscribers.delete(callback);
  });
  const core = {
    metadata,
    on: (_type: string, listener: () => void) => {
      trackListeners.add(listener);
      return () => trackListeners.delete(listener);
    },
  } as unknown as PlayerCore;
  return {
    core,
    subscribers,
    setTracks(tracks: MetadataTrack[]) {
      metadata.tracks = tracks;
      act(() => trackListeners.forEach((listener) => listener()));
    },
    fire(event: Omit<FiredMetadataEvent, 'late'>) {
      act(() => subscribers.forEach((callback) => callback({ ...event, late: false })));
    },
  };
}

describe('MetadataLog', () => {
  it('shows only with JSON tracks, lists JSON events newest first and leaves subtitles out', () => {
    const fake = fakeCore();
    const { unmount } = render(<MetadataLog player={fake.core} />);
    expect(screen.queryByTestId('metadata-log')).toBeNull();
    fake.setTracks([
      { name: 'scores', kind: 'json' },
      { name: 'captions', kind: 'subtitle', lang: 'en' },
    ]);
    expect(screen.getByTestId('metadata-log').textContent).toContain('waiting');
    fake.fire({ track: 'scores', time: 61_250, data: { home: 1 } });
    fake.fire({ track: 'captions', time: 61_500, data: 'Hello' });
    fake.fire({ track: 'scores', time: 62_000, data: { home: 2 } });
    expect(screen.getAllByTestId('metadata-log-entry').map((entry) => entry.textContent)).toEqual([
      '01:02.000scores{"home":2}',
      '01:01.250scores{"home":1}',
    ]);
    unmount();
    expect(fake.subscribers.size).toBe(0);
  });
});
