// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONTROLS_IDLE_MS } from './use-idle-controls';
import { LIVE_PLAYING, QUALITIES, VOD_PLAYING, renderPlayer } from './testing/render-player';

vi.mock('@brume/player', () => import('./testing/fake-core-module'));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Lays an element out `width` px wide at x = 0, which happy-dom does not do. */
function layOut(element: Element, width: number): void {
  vi.spyOn(element, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    top: 0,
    right: width,
    bottom: 20,
    width,
    height: 20,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  });
}

describe('play and mute', () => {
  it('toggles playback', () => {
    const { player, update } = renderPlayer({ ...LIVE_PLAYING, paused: true });
    const button = screen.getByTestId('play-toggle');
    expect(button.getAttribute('aria-label')).toBe('Play');
    fireEvent.click(button);
    expect(player.callsTo('play')).toHaveLength(1);
    expect(button.getAttribute('aria-label')).toBe('Pause');
    fireEvent.click(button);
    expect(player.callsTo('pause')).toHaveLength(1);
    update({ paused: true });
    expect(button.getAttribute('aria-label')).toBe('Play');
  });

  it('toggles sound', () => {
    const { player } = renderPlayer(LIVE_PLAYING);
    const button = screen.getByTestId('mute-toggle');
    expect(button.getAttribute('aria-label')).toBe('Mute');
    fireEvent.click(button);
    expect(player.callsTo('setMuted')).toEqual([[true]]);
    expect(button.getAttribute('aria-label')).toBe('Unmute');
  });
});

describe('volume slider', () => {
  it('is a slider that says its level', () => {
    const { update } = renderPlayer({ ...LIVE_PLAYING, volume: 0.5 });
    const slider = screen.getByTestId('volume-slider');
    expect(slider.getAttribute('role')).toBe('slider');
    expect(slider.getAttribute('aria-valuenow')).toBe('50');
    expect(slider.getAttribute('aria-valuetext')).toBe('50%');
    update({ muted: true });
    expect(slider.getAttribute('aria-valuetext')).toBe('Muted');
  });

  it('steps with the keys', () => {
    const { player } = renderPlayer({ ...LIVE_PLAYING, volume: 0.5 });
    const slider = screen.getByTestId('volume-slider');
    fireEvent.keyDown(slider, { key: 'ArrowUp' });
    fireEvent.keyDown(slider, { key: 'End' });
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(player.callsTo('setVolume')).toEqual([[0.55], [1], [0]]);
    // Down to zero also mutes, so the icon and the next "unmute" agree.
    expect(player.callsTo('setMuted')).toEqual([[true]]);
  });

  it('follows a drag', () => {
    const { player } = renderPlayer({ ...LIVE_PLAYING, volume: 1 });
    const slider = screen.getByTestId('volume-slider');
    layOut(slider, 100);
    fireEvent.pointerDown(slider, { clientX: 30, button: 0, pointerId: 1 });
    fireEvent.pointerMove(slider, { clientX: 70, pointerId: 1 });
    fireEvent.pointerUp(slider, { clientX: 70, pointerId: 1 });
    expect(player.callsTo('setVolume')).toEqual([[0.3], [0.7], [0.7]]);
  });
});

describe('live button and time', () => {
  it('is absent for VoD, which shows position and duration', () => {
    renderPlayer(VOD_PLAYING);
    expect(screen.queryByTestId('live-button')).toBeNull();
    expect(screen.getByTestId('time-display').textContent).toBe('1:23 / 4:56');
  });

  it('is lit at the live edge, where the clock says nothing more', () => {
    renderPlayer(LIVE_PLAYING);
    const live = screen.getByTestId('live-button');
    expect(live.dataset.atEdge).toBe('true');
    expect(live.textContent).toBe('LIVE');
    expect(screen.queryByTestId('time-display')).toBeNull();
  });

  it('goes back to live from behind, where the clock shows the distance', () => {
    const { player } = renderPlayer({
      ...LIVE_PLAYING,
      atLiveEdge: false,
      seekable: { start: 0, end: 100 },
      currentTime: 88,
    });
    const live = screen.getByTestId('live-button');
    expect(live.dataset.atEdge).toBe('false');
    expect(live.getAttribute('aria-label')).toBe('Go to live');
    expect(screen.getByTestId('time-display').textContent).toBe('-0:12');
    fireEvent.click(live);
    expect(player.callsTo('goLive')).toHaveLength(1);
    expect(live.dataset.atEdge).toBe('true');
  });
});

describe('seek bar', () => {
  it('spans a VoD and says where the playhead is', () => {
    renderPlayer(VOD_PLAYING);
    const bar = screen.getByTestId('seek-bar');
    expect(bar.getAttribute('role')).toBe('slider');
    expect(bar.getAttribute('aria-valuemax')).toBe('296');
    expect(bar.getAttribute('aria-valuenow')).toBe('83');
    expect(bar.getAttribute('aria-valuetext')).toBe('1:23 of 4:56');
    const buffered = bar.querySelector<HTMLElement>('.brume-seek__buffered');
    expect(parseFloat(buffered?.style.width ?? '')).toBeCloseTo((120 / 296) * 100, 2);
  });

  it('is absent without anything to seek (WebRTC)', () => {
    renderPlayer(LIVE_PLAYING);
    expect(screen.queryByTestId('seek-bar')).toBeNull();
  });

  it('seeks with the keys, once per key', () => {
    const { player } = renderPlayer(VOD_PLAYING);
    const bar = screen.getByTestId('seek-bar');
    fireEvent.keyDown(bar, { key: 'ArrowLeft' });
    fireEvent.keyDown(bar, { key: 'PageUp' });
    fireEvent.keyDown(bar, { key: 'Home' });
    expect(player.callsTo('seek')).toEqual([[78], [88], [0]]);
  });

  it('shows the time under the pointer and seeks on release', () => {
    const { player } = renderPlayer(VOD_PLAYING);
    const bar = screen.getByTestId('seek-bar');
    layOut(bar, 200);
    fireEvent.pointerMove(bar, { clientX: 50 });
    expect(bar.querySelector('.brume-seek__tooltip')?.textContent).toBe('1:14');
    fireEvent.pointerDown(bar, { clientX: 100, button: 0, pointerId: 1 });
    fireEvent.pointerMove(bar, { clientX: 150, pointerId: 1 });
    expect(player.callsTo('seek')).toEqual([]);
    fireEvent.pointerUp(bar, { clientX: 150, pointerId: 1 });
    expect(player.callsTo('seek')).toEqual([[222]]);
    fireEvent.pointerLeave(bar);
    expect(bar.querySelector('.brume-seek__tooltip')).toBeNull();
  });

  it('labels a DVR window from the live edge and turns a seek to the edge into go-live', () => {
    const { player } = renderPlayer({
      ...LIVE_PLAYING,
      atLiveEdge: false,
      seekable: { start: 40, end: 100 },
      currentTime: 70,
    });
    const bar = screen.getByTestId('seek-bar');
    expect(bar.dataset.live).toBe('true');
    expect(bar.getAttribute('aria-valuetext')).toBe('0:30 behind live');
    layOut(bar, 60);
    fireEvent.pointerMove(bar, { clientX: 48 });
    expect(bar.querySelector('.brume-seek__tooltip')?.textContent).toBe('-0:12');
    fireEvent.pointerDown(bar, { clientX: 59, button: 0, pointerId: 1 });
    fireEvent.pointerUp(bar, { clientX: 59, pointerId: 1 });
    expect(player.callsTo('goLive')).toHaveLength(1);
    expect(player.callsTo('seek')).toEqual([]);
  });

  it('does not seek when the browser cancels the drag', () => {
    const { player } = renderPlayer(VOD_PLAYING);
    const bar = screen.getByTestId('seek-bar');
    layOut(bar, 200);
    fireEvent.pointerDown(bar, { clientX: 100, button: 0, pointerId: 1 });
    fireEvent.pointerCancel(bar, { clientX: 100, pointerId: 1 });
    expect(player.callsTo('seek')).toEqual([]);
  });
});

describe('fullscreen and pop-out', () => {
  it('puts the player root in fullscreen', () => {
    Object.defineProperty(document, 'fullscreenEnabled', { value: true, configurable: true });
    try {
      const { root } = renderPlayer(LIVE_PLAYING);
      const request = vi.fn(() => Promise.resolve());
      root.requestFullscreen = request;
      fireEvent.click(screen.getByTestId('fullscreen-button'));
      expect(request).toHaveBeenCalledTimes(1);
    } finally {
      delete (document as { fullscreenEnabled?: boolean }).fullscreenEnabled;
    }
  });

  it('hides the pop-out where Picture-in-Picture is off, and pops the video out where it is on', () => {
    renderPlayer(LIVE_PLAYING);
    expect(screen.queryByTestId('pip-button')).toBeNull();
    cleanup();
    Object.defineProperty(document, 'pictureInPictureEnabled', { value: true, configurable: true });
    const request = vi.fn(() => Promise.resolve());
    Object.defineProperty(HTMLVideoElement.prototype, 'requestPictureInPicture', {
      value: request,
      configurable: true,
    });
    try {
      renderPlayer(LIVE_PLAYING);
      fireEvent.click(screen.getByTestId('pip-button'));
      expect(request).toHaveBeenCalledTimes(1);
    } finally {
      delete (document as { pictureInPictureEnabled?: boolean }).pictureInPictureEnabled;
      delete (HTMLVideoElement.prototype as { requestPictureInPicture?: unknown }).requestPictureInPicture;
    }
  });
});

describe('compact layout', () => {
  it('moves volume slider, quality and pop-out into settings on a phone-sized player', () => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      left: 0,
      top: 0,
      right: 360,
      bottom: 203,
      width: 360,
      height: 203,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    const { root } = renderPlayer({ ...LIVE_PLAYING, tracks: QUALITIES });
    expect(root.dataset.compact).toBe('true');
    expect(screen.queryByTestId('volume-slider')).toBeNull();
    expect(screen.queryByTestId('quality-menu-button')).toBeNull();
    expect(screen.getByTestId('mute-toggle')).toBeTruthy();
    fireEvent.click(screen.getByTestId('settings-button'));
    expect(screen.getByTestId('settings-quality').textContent).toContain('Auto (720p)');
  });
});

describe('idle controls', () => {
  it('hide after idle playback and come back on pointer movement', () => {
    vi.useFakeTimers();
    const { root } = renderPlayer(LIVE_PLAYING);
    expect(root.dataset.controls).toBe('visible');
    act(() => {
      vi.advanceTimersByTime(CONTROLS_IDLE_MS - 100);
    });
    expect(root.dataset.controls).toBe('visible');
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(root.dataset.controls).toBe('hidden');
    fireEvent.pointerMove(root);
    expect(root.dataset.controls).toBe('visible');
  });

  it('stay while paused or while a menu is open', () => {
    vi.useFakeTimers();
    const { root, update } = renderPlayer({ ...VOD_PLAYING, paused: true });
    act(() => {
      vi.advanceTimersByTime(CONTROLS_IDLE_MS * 2);
    });
    expect(root.dataset.controls).toBe('visible');
    update({ paused: false });
    fireEvent.click(screen.getByTestId('settings-button'));
    act(() => {
      vi.advanceTimersByTime(CONTROLS_IDLE_MS * 2);
    });
    expect(root.dataset.controls).toBe('visible');
  });

  it('come back when the keyboard is used', () => {
    vi.useFakeTimers();
    const { root } = renderPlayer(LIVE_PLAYING);
    act(() => {
      vi.advanceTimersByTime(CONTROLS_IDLE_MS + 10);
    });
    expect(root.dataset.controls).toBe('hidden');
    fireEvent.keyDown(root, { key: 'Tab' });
    expect(root.dataset.controls).toBe('visible');
  });
});
