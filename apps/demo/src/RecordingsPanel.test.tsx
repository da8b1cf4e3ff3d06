// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingsPanel } from './RecordingsPanel';
import { playRecordingHref, type RecordingListing } from './recordings-link';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const FILE: RecordingListing = {
  stream: 'live+alice',
  file: 'live+alice/live+alice-20261125T104500.123Z.mp4',
  start: '2026-11-25T10:45:00.123Z',
  durationMs: 125_000,
  bytes: 3 * 1024 * 1024,
  url: 'http://localhost:8080/recordings/live+alice/live+alice-20261125T104500.123Z.mp4',
  hls: 'http://localhost:8080/recordings/live+alice/live+alice-20261125T104500.123Z.mp4.m3u8',
  active: false,
};

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status }));
}

describe('playRecordingHref', () => {
  it('plays the HLS VoD first and the file as the fallback, both encoded', () => {
    const href = playRecordingHref(FILE);
    const params = new URLSearchParams(href.slice(href.indexOf('?')));
    expect(href.startsWith('/?')).toBe(true);
    expect(params.getAll('src')).toEqual([FILE.hls, FILE.url]);
    // `+` in stream names must survive the query string.
    expect(href).not.toContain('live+alice');
  });
});

describe('RecordingsPanel', () => {
  it('lists recordings newest first with a Play link to the page player and a download', async () => {
    const older = { ...FILE, file: 'live/live-20261125T090000.000Z.mp4', stream: 'live', durationMs: null };
    vi.stubGlobal('fetch', answer(200, { recordings: [older, FILE] }));
    render(<RecordingsPanel />);
    const items = await screen.findAllByTestId('recording');
    expect(items.map((item) => within(item).getByText(/^live/).textContent)).toEqual(['live+alice', 'live']);
    expect(within(items[0]!).getByText(/2m 05s/)).toBeTruthy();
    expect(within(items[0]!).getByText(/3\.0 MiB/)).toBeTruthy();
    expect(within(items[1]!).getByText(/no complete fragment/)).toBeTruthy();
    expect(within(items[0]!).getByRole('link', { name: 'Play' }).getAttribute('href')).toBe(
      playRecordingHref(FILE),
    );
    const download = within(items[0]!).getByRole('link', { name: 'Download' });
    expect(download.getAttribute('href')).toBe(FILE.url);
    expect(download.hasAttribute('download')).toBe(true);
  });

  it('says when there is none, and shows the error when the list cannot be read', async () => {
    vi.stubGlobal('fetch', answer(200, { recordings: [] }));
    render(<RecordingsPanel />);
    expect(await screen.findByText(/No recordings yet/)).toBeTruthy();
    cleanup();
    vi.stubGlobal(
      'fetch',
      answer(503, { error: { code: 'server/shutting-down', message: 'server shutting down' } }),
    );
    render(<RecordingsPanel />);
    expect((await screen.findByRole('alert')).textContent).toContain('server shutting down');
  });
});
