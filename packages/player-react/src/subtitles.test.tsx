// @vitest-environment happy-dom
import type { MetadataEvent } from '@brume/protocol';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIVE_PLAYING, renderPlayer } from './testing/render-player';

vi.mock('@brume/player', () => import('./testing/fake-core-module'));

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const labels = (testId: string): string[] =>
  screen.getAllByTestId(testId).map((item) => item.textContent ?? '');

const CAPTIONS = { name: 'captions', kind: 'subtitle', lang: 'en' } as const;

/** A live player whose stream lists a `captions` subtitle track (and a json one), menu ready. */
async function withCaptionsTrack(engineText: { id: string; label: string; language?: string }[] = []) {
  const rendered = renderPlayer({
    ...LIVE_PLAYING,
    tracks: { qualities: [], quality: 'auto', audio: [], text: engineText },
  });
  act(() => rendered.player.setMetadataTracks([CAPTIONS, { name: 'scores', kind: 'json' }]));
  await attached();
  return rendered;
}

/** Lets the lazily imported `metadata-subtitles` attach (its import settles before this one's). */
async function attached(): Promise<void> {
  await act(async () => {
    await import('./subtitles/metadata-subtitles');
  });
}

function openSubtitlesMenu(): void {
  fireEvent.click(screen.getByTestId('settings-button'));
  fireEvent.click(screen.getByTestId('settings-subtitles'));
}

async function chooseCaptions() {
  openSubtitlesMenu();
  fireEvent.click(screen.getByText('captions'));
  return screen.findByTestId('captions');
}

const cue = (time: number, data: string, duration = 3000): MetadataEvent => ({
  track: 'captions',
  time,
  duration,
  data,
});

describe('subtitle menu with metadata tracks', () => {
  it('lists Off and the subtitle metadata tracks (language as hint) before engine tracks of other names', async () => {
    await withCaptionsTrack([
      { id: '0', label: 'captions', language: 'en' },
      { id: '1', label: 'Français', language: 'fr' },
    ]);
    openSubtitlesMenu();
    expect(labels('subtitles-option')).toEqual(['Off', 'captionsen', 'Françaisfr']);
  });

  it('is not offered for json tracks alone', () => {
    const { player } = renderPlayer(LIVE_PLAYING);
    act(() => player.setMetadataTracks([{ name: 'scores', kind: 'json' }]));
    expect(screen.queryByTestId('subtitles-button')).toBeNull();
  });

  it('choosing a metadata track subscribes to it and turns the engine text off; Off unsubscribes', async () => {
    const { player } = await withCaptionsTrack([{ id: '1', label: 'Français', language: 'fr' }]);
    act(() => player.setTextTrack('1'));
    await chooseCaptions();
    expect(player.callsTo('setTextTrack').at(-1)).toEqual([undefined]);
    expect(player.callsTo('metadata.subscribe')).toContainEqual(['captions']);
    expect(screen.getByTestId('subtitles-button').getAttribute('aria-pressed')).toBe('true');
    openSubtitlesMenu();
    fireEvent.click(screen.getByText('Off'));
    expect(screen.queryByTestId('captions')).toBeNull();
    expect(player.callsTo('metadata.unsubscribe')).toContainEqual(['captions']);
    expect(screen.getByTestId('subtitles-button').getAttribute('aria-pressed')).toBe('false');
  });

  it('the c key turns the metadata track off and back on', async () => {
    const { root } = await withCaptionsTrack();
    await chooseCaptions();
    fireEvent.keyDown(root, { key: 'c' });
    expect(screen.queryByTestId('captions')).toBeNull();
    fireEvent.keyDown(root, { key: 'c' });
    expect(await screen.findByTestId('captions')).toBeTruthy();
  });
});

describe('captions', () => {
  it('render WebVTT markup as elements and never as HTML', async () => {
    const { player } = await withCaptionsTrack();
    await chooseCaptions();
    act(() =>
      player.enterMetadata(cue(1000, '<v Ann>Hi <b>bold</b> <i>it</i> <u>un</u></v> <img src=x>&lt;b&gt;')),
    );
    const caption = screen.getByTestId('caption');
    expect(caption.querySelector('b')?.textContent).toBe('bold');
    expect(caption.querySelector('i')?.textContent).toBe('it');
    expect(caption.querySelector('u')?.textContent).toBe('un');
    expect(caption.querySelector('.brume-caption__voice')?.getAttribute('title')).toBe('Ann');
    expect(caption.querySelector('img')).toBeNull();
    expect(caption.textContent).toBe('Hi bold it un <b>');
  });

  it('stack simultaneous cues in time order, and each goes on exit', async () => {
    const { player } = await withCaptionsTrack();
    await chooseCaptions();
    const first = cue(1000, 'first');
    const second = cue(1500, 'second');
    const earlier = cue(500, 'earlier');
    act(() => {
      player.enterMetadata(first);
      player.enterMetadata(second);
      player.enterMetadata(earlier);
      player.enterMetadata(first);
    });
    expect(labels('caption')).toEqual(['earlier', 'first', 'second']);
    act(() => player.exitMetadata(first));
    expect(labels('caption')).toEqual(['earlier', 'second']);
    act(() => {
      player.exitMetadata(earlier);
      player.exitMetadata(second);
    });
    expect(screen.queryAllByTestId('caption')).toEqual([]);
  });

  it('go after 5 s when a cue has no duration', async () => {
    const { player } = await withCaptionsTrack();
    await chooseCaptions();
    vi.useFakeTimers();
    try {
      act(() => player.enterMetadata({ track: 'captions', time: 0, data: 'no end' }));
      expect(labels('caption')).toEqual(['no end']);
      act(() => vi.advanceTimersByTime(5000));
      expect(screen.queryAllByTestId('caption')).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('go away with the player', async () => {
    const { player, unmount } = await withCaptionsTrack();
    await chooseCaptions();
    act(() => player.enterMetadata(cue(0, 'bye')));
    unmount();
    expect(document.querySelector('.brume-captions')).toBeNull();
    expect(player.metadata.subscriptions.size).toBe(0);
  });
});

describe('remembered subtitles', () => {
  it('turn the chosen track on again in a new player when it appears', async () => {
    const first = await withCaptionsTrack();
    await chooseCaptions();
    first.unmount();
    const { player } = renderPlayer(LIVE_PLAYING);
    expect(screen.queryByTestId('captions')).toBeNull();
    act(() => player.setMetadataTracks([{ name: 'other', kind: 'subtitle', lang: 'en' }, CAPTIONS]));
    await screen.findByTestId('captions');
    expect(player.callsTo('metadata.subscribe')).toContainEqual(['captions']);
  });

  it('match by language when the name differs, and keep off once chosen off', async () => {
    localStorage.setItem('brume-player:subtitles', JSON.stringify({ language: 'en', label: 'old name' }));
    const first = await withCaptionsTrack();
    await screen.findByTestId('captions');
    openSubtitlesMenu();
    fireEvent.click(screen.getByText('Off'));
    first.unmount();
    const { player } = renderPlayer(LIVE_PLAYING);
    act(() => player.setMetadataTracks([CAPTIONS]));
    await attached();
    expect(screen.getByTestId('subtitles-button').getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByTestId('captions')).toBeNull();
  });
});
