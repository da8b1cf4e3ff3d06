// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Player } from './Player';
import { LIVE_PLAYING, VOD_PLAYING, renderPlayer } from './testing/render-player';

vi.mock('@brume/player', () => import('./testing/fake-core-module'));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<Player/> lifecycle', () => {
  it('renders the root, the video and the status, and gives the core the root as container', () => {
    const { player, root } = renderPlayer({ status: 'waiting' });
    expect(root.dataset.state).toBe('waiting');
    expect(player.container).toBe(root);
    expect(player.video).toBe(screen.getByTestId('player-video'));
    expect(player.options.stream).toBe('demo');
    expect(screen.getByTestId('player-state').textContent).toBe('Waiting for stream…');
  });

  it('follows the core state', () => {
    const { update, root } = renderPlayer({ status: 'connecting' });
    update(LIVE_PLAYING);
    expect(root.dataset.state).toBe('playing');
    expect(screen.getByTestId('player-state').textContent).toBe('Live');
    update({ status: 'ended' });
    expect(screen.getByTestId('player-state').textContent).toBe('Stream ended');
  });

  it('disposes the core on unmount and tells onPlayer', () => {
    const onPlayer = vi.fn();
    const { player, unmount } = renderPlayer({}, { onPlayer });
    expect(onPlayer).toHaveBeenLastCalledWith(player);
    unmount();
    expect(player.disposed).toBe(true);
    expect(onPlayer).toHaveBeenLastCalledWith(undefined);
  });

  it('makes a new core when an option changes, not when an inline array is rebuilt', () => {
    const { players, rerenderWith } = renderPlayer({}, { sources: [{ url: 'https://a/x.m3u8' }] });
    rerenderWith({ sources: [{ url: 'https://a/x.m3u8' }] });
    expect(players).toHaveLength(1);
    rerenderWith({ sources: [{ url: 'https://b/y.mpd' }] });
    expect(players).toHaveLength(2);
    expect(players[0]?.disposed).toBe(true);
    expect(players[1]?.options.sources).toEqual([{ url: 'https://b/y.mpd' }]);
  });

  it('applies a changed muted prop in place', () => {
    const { player, players, rerenderWith } = renderPlayer({}, { muted: true });
    expect(player.options.muted).toBe(true);
    rerenderWith({ muted: false });
    expect(players).toHaveLength(1);
    expect(player.callsTo('setMuted')).toContainEqual([false]);
  });

  it('passes QoE reports to the latest onQoE', () => {
    const first = vi.fn();
    const second = vi.fn();
    const { player, rerenderWith } = renderPlayer({}, { onQoE: first });
    rerenderWith({ onQoE: second });
    const report = { reason: 'final' } as never;
    player.options.onQoE?.(report);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(report);
  });

  it('passes metadata events to the latest onMetadata handlers, by track and "*"', () => {
    const first = vi.fn();
    const chat = vi.fn();
    const any = vi.fn();
    const { player, players, rerenderWith } = renderPlayer({}, { onMetadata: { chat: first } });
    rerenderWith({ onMetadata: { chat, '*': any } });
    expect(players).toHaveLength(1);
    const event = { track: 'chat', time: 1000, data: { text: 'hi' }, late: false };
    player.options.onMetadata?.['*']?.(event);
    player.options.onMetadata?.['*']?.({ ...event, track: 'score' });
    expect(first).not.toHaveBeenCalled();
    expect(chat).toHaveBeenCalledWith(event);
    expect(any).toHaveBeenCalledTimes(2);
  });

  it('injects its stylesheet once for any number of players', () => {
    render(
      <>
        <Player stream="a" />
        <Player stream="b" />
      </>,
    );
    expect(document.querySelectorAll('style#brume-player-styles')).toHaveLength(1);
  });

  it('translates through the strings prop', () => {
    renderPlayer({ status: 'playing', live: true }, { strings: { live: 'En direct', play: 'Lecture' } });
    expect(screen.getByTestId('player-state').textContent).toBe('En direct');
    expect(screen.getByTestId('play-toggle').getAttribute('aria-label')).toBe('Lecture');
  });
});

describe('overlays', () => {
  it('shows a spinner while connecting, reconnecting and buffering', () => {
    const { update } = renderPlayer({ status: 'connecting' });
    expect(screen.getByTestId('status-overlay').dataset.kind).toBe('loading');
    update({ status: 'reconnecting' });
    expect(screen.getByTestId('status-overlay').dataset.kind).toBe('loading');
    update({ ...LIVE_PLAYING, buffering: true });
    expect(screen.getByTestId('status-overlay').dataset.kind).toBe('loading');
    update({ buffering: false });
    expect(screen.queryByTestId('status-overlay')).toBeNull();
  });

  it('says when the stream is not live yet and when it ended', () => {
    const { update } = renderPlayer({ status: 'waiting', live: true });
    expect(screen.getByTestId('status-overlay').textContent).toBe('Waiting for stream…');
    update({ status: 'ended' });
    expect(screen.getByTestId('status-overlay').textContent).toBe('Stream ended');
  });

  it('says what failed and retries', () => {
    const { player } = renderPlayer({
      status: 'error',
      error: { code: 'player/no-compatible-source', message: 'This browser cannot play any source.' },
      combos: [],
    });
    expect(screen.getByRole('alert').textContent).toContain('This browser cannot play any source.');
    expect(screen.queryByTestId('error-next')).toBeNull();
    fireEvent.click(screen.getByTestId('error-retry'));
    expect(player.callsTo('retry')).toHaveLength(1);
    expect(screen.queryByTestId('error-overlay')).toBeNull();
  });

  it('offers another source when there is one', () => {
    const combo = { engine: 'whep', protocol: 'whep' as const, url: 'u', failed: true, current: false };
    const { player } = renderPlayer({
      status: 'error',
      error: { code: 'player/engine-failed', message: 'The whep engine failed.' },
      combos: [
        { ...combo, key: 'a' },
        { ...combo, key: 'b', engine: 'hlsjs', protocol: 'll-hls' },
      ],
    });
    fireEvent.click(screen.getByTestId('error-next'));
    expect(player.callsTo('nextCombo')).toHaveLength(1);
  });

  it('offers to unmute after a muted autoplay', () => {
    const { player } = renderPlayer({ ...LIVE_PLAYING, autoplay: 'muted', muted: true });
    fireEvent.click(screen.getByTestId('unmute-badge'));
    expect(player.callsTo('setMuted')).toEqual([[false]]);
    expect(screen.queryByTestId('unmute-badge')).toBeNull();
  });

  it('shows no unmute badge when sound is on', () => {
    renderPlayer({ ...LIVE_PLAYING, autoplay: 'unmuted' });
    expect(screen.queryByTestId('unmute-badge')).toBeNull();
  });

  it('shows a big play button when autoplay was blocked', () => {
    const { player } = renderPlayer({ ...LIVE_PLAYING, autoplay: 'blocked', paused: true });
    fireEvent.click(screen.getByTestId('big-play'));
    expect(player.callsTo('play')).toHaveLength(1);
    expect(screen.queryByTestId('big-play')).toBeNull();
  });

  it('shows a big play button before the first play without autoPlay', () => {
    renderPlayer({ ...VOD_PLAYING, paused: true, autoplay: 'pending' }, { autoPlay: false });
    expect(screen.getByTestId('big-play')).toBeTruthy();
  });

  it('offers a replay at the end of a VoD', () => {
    const { player } = renderPlayer({ ...VOD_PLAYING, status: 'ended', paused: true, currentTime: 296 });
    expect(screen.getByTestId('player-state').textContent).toBe('Ended');
    fireEvent.click(screen.getByTestId('replay-button'));
    expect(player.callsTo('seek')).toEqual([[0]]);
    expect(player.callsTo('play')).toHaveLength(1);
  });
});

describe('stats panel', () => {
  it('keeps the summary line in the DOM and shows the rows when opened', () => {
    const { player, update } = renderPlayer({ status: 'connecting' });
    player.stats = {
      ...player.stats,
      width: 1280,
      height: 720,
      fps: 30,
      transport: { bitrate: 2_150_000, videoCodec: 'video/H264', packetsLost: 1, rttMs: 20, jitterMs: 3 },
    };
    update(LIVE_PLAYING);
    const panel = screen.getByTestId('stats-panel');
    expect(panel.hidden).toBe(true);
    act(() => {
      fireEvent.keyDown(screen.getByTestId('brume-player'), { key: 's' });
    });
    expect(panel.hidden).toBe(false);
    expect(panel.querySelector('[data-stat="engine"] dd')?.textContent).toBe('whep');
    expect(panel.querySelector('[data-stat="rtt"] dd')?.textContent).toBe('20 ms');
  });

  it('refreshes the summary every second while playing', () => {
    vi.useFakeTimers();
    try {
      const { player } = renderPlayer(LIVE_PLAYING);
      player.stats = { ...player.stats, width: 1280, height: 720, fps: 30 };
      act(() => {
        vi.advanceTimersByTime(1000);
      });
      expect(screen.getByTestId('player-stats').textContent).toBe('1280×720 · 30 fps');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('wake lock', () => {
  it('holds the screen on while playing and lets go on pause and unmount', async () => {
    const release = vi.fn(() => Promise.resolve());
    const request = vi.fn(() => Promise.resolve({ released: false, release }));
    Object.defineProperty(navigator, 'wakeLock', { value: { request }, configurable: true });
    try {
      const { update, unmount } = renderPlayer(LIVE_PLAYING);
      await act(async () => {});
      expect(request).toHaveBeenCalledWith('screen');
      update({ paused: true });
      expect(release).toHaveBeenCalledTimes(1);
      update({ paused: false });
      await act(async () => {});
      expect(request).toHaveBeenCalledTimes(2);
      unmount();
      expect(release).toHaveBeenCalledTimes(2);
    } finally {
      delete (navigator as { wakeLock?: unknown }).wakeLock;
    }
  });
});

describe('<Player/> viewer token', () => {
  it('gives the core its token, and makes a new core when the token changes', () => {
    const { player, players, rerenderWith } = renderPlayer({ status: 'waiting' }, { token: 'first.token' });
    expect(player.options.token).toBe('first.token');
    rerenderWith({ token: 'second.token' });
    expect(players.at(-1)?.options.token).toBe('second.token');
    expect(players.length).toBe(2);
  });
});
