// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyBelongsToTarget } from './use-keyboard-shortcuts';
import { LIVE_PLAYING, VOD_PLAYING, renderPlayer } from './testing/render-player';

vi.mock('@brume/player', () => import('./testing/fake-core-module'));

afterEach(() => cleanup());

const press = (target: Element, key: string): boolean => fireEvent.keyDown(target, { key });

describe('keyboard shortcuts', () => {
  it('play and pause with space and k, and keep the page from scrolling', () => {
    const { player, root } = renderPlayer({ ...VOD_PLAYING, paused: true });
    expect(press(root, ' ')).toBe(false);
    press(root, 'k');
    expect(player.calls.map((call) => call.method)).toEqual(['play', 'pause']);
  });

  it('mute with m and change the volume with the arrows', () => {
    const { player, root } = renderPlayer({ ...LIVE_PLAYING, volume: 0.5 });
    press(root, 'm');
    press(root, 'ArrowUp');
    expect(player.callsTo('setMuted')).toEqual([[true]]);
    expect(player.callsTo('setVolume')).toEqual([[0.55]]);
  });

  it('seek 5 s with the arrows, 10 s with j and l, to the start with Home', () => {
    const { player, root } = renderPlayer(VOD_PLAYING);
    press(root, 'ArrowRight');
    press(root, 'j');
    press(root, 'Home');
    press(root, '5');
    expect(player.callsTo('seek')).toEqual([[88], [78], [0], [148]]);
  });

  it('go live with End', () => {
    const { player, root } = renderPlayer({ ...LIVE_PLAYING, atLiveEdge: false });
    press(root, 'End');
    expect(player.callsTo('goLive')).toHaveLength(1);
  });

  it('leave the arrows to the page when nothing can be seeked', () => {
    const { player, root } = renderPlayer(LIVE_PLAYING);
    expect(press(root, 'ArrowLeft')).toBe(true);
    expect(player.callsTo('seek')).toEqual([]);
  });

  it('toggle fullscreen with f', () => {
    Object.defineProperty(document, 'fullscreenEnabled', { value: true, configurable: true });
    try {
      const { root } = renderPlayer(LIVE_PLAYING);
      const request = vi.fn(() => Promise.resolve());
      root.requestFullscreen = request;
      press(root, 'f');
      expect(request).toHaveBeenCalledTimes(1);
    } finally {
      delete (document as { fullscreenEnabled?: boolean }).fullscreenEnabled;
    }
  });

  it('toggle subtitles with c, back to the last track', () => {
    const { player, root } = renderPlayer({
      ...VOD_PLAYING,
      tracks: {
        qualities: [],
        quality: 'auto',
        audio: [],
        text: [
          { id: 'en', label: 'English' },
          { id: 'fr', label: 'Français' },
        ],
        textId: 'fr',
      },
    });
    press(root, 'c');
    press(root, 'c');
    expect(player.callsTo('setTextTrack')).toEqual([[undefined], ['fr']]);
  });

  it('toggle the stats panel with s', () => {
    const { root } = renderPlayer(LIVE_PLAYING);
    press(root, 's');
    expect(screen.getByTestId('stats-panel').hidden).toBe(false);
    press(root, 's');
    expect(screen.getByTestId('stats-panel').hidden).toBe(true);
  });

  it('leave Space on a focused button to the button', () => {
    const { player } = renderPlayer(LIVE_PLAYING);
    press(screen.getByTestId('mute-toggle'), ' ');
    expect(player.calls).toEqual([]);
  });

  it('work from any control, and leave the sliders their own arrows', () => {
    const { player } = renderPlayer(VOD_PLAYING);
    press(screen.getByTestId('mute-toggle'), 'k');
    press(screen.getByTestId('seek-bar'), 'ArrowRight');
    expect(player.callsTo('pause')).toHaveLength(1);
    // One seek (the bar's), not two.
    expect(player.callsTo('seek')).toEqual([[88]]);
  });

  it('ignore keys with modifiers', () => {
    const { player, root } = renderPlayer(VOD_PLAYING);
    fireEvent.keyDown(root, { key: 'k', ctrlKey: true });
    expect(player.calls).toEqual([]);
  });
});

describe('keyBelongsToTarget', () => {
  it('knows which keys the focused element uses itself', () => {
    const button = document.createElement('button');
    const slider = document.createElement('div');
    slider.setAttribute('role', 'slider');
    const input = document.createElement('input');
    expect(keyBelongsToTarget(button, ' ')).toBe(true);
    expect(keyBelongsToTarget(button, 'k')).toBe(false);
    expect(keyBelongsToTarget(slider, 'ArrowLeft')).toBe(true);
    expect(keyBelongsToTarget(slider, 'm')).toBe(false);
    expect(keyBelongsToTarget(input, 'k')).toBe(true);
    expect(keyBelongsToTarget(document.createElement('div'), ' ')).toBe(false);
  });
});
