// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIVE_PLAYING, QUALITIES, VOD_PLAYING, renderPlayer } from './testing/render-player';

vi.mock('@brume/player', () => import('./testing/fake-core-module'));

afterEach(() => cleanup());

const labels = (testId: string): string[] =>
  screen.getAllByTestId(testId).map((item) => item.textContent ?? '');

describe('quality menu', () => {
  it('is offered only when there is a choice', () => {
    renderPlayer({ ...LIVE_PLAYING, tracks: { ...QUALITIES, qualities: QUALITIES.qualities.slice(0, 1) } });
    expect(screen.queryByTestId('quality-menu-button')).toBeNull();
  });

  it('lists Auto (with the rendition on screen) and the renditions, best first', () => {
    renderPlayer({ ...LIVE_PLAYING, tracks: QUALITIES });
    const button = screen.getByTestId('quality-menu-button');
    expect(button.textContent).toBe('720p');
    expect(button.getAttribute('aria-label')).toBe('Quality: Auto (720p)');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu');
    expect(button.getAttribute('aria-controls')).toBe(menu.id);
    expect(labels('quality-option')).toEqual(['Auto720p', '720p · 2.5 Mbps', '360p · 800 kbps']);
    const [auto] = screen.getAllByTestId('quality-option');
    expect(auto?.getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(auto);
  });

  it('switches the rendition and closes', () => {
    const { player } = renderPlayer({ ...LIVE_PLAYING, tracks: QUALITIES });
    const button = screen.getByTestId('quality-menu-button');
    fireEvent.click(button);
    fireEvent.click(screen.getByText('360p · 800 kbps'));
    expect(player.callsTo('setQuality')).toEqual([['sd']]);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toBe('360p');
  });
});

describe('menu keyboard', () => {
  it('moves with the arrows, wraps, and closes with Escape back on its button', () => {
    renderPlayer({ ...LIVE_PLAYING, tracks: QUALITIES });
    const button = screen.getByTestId('quality-menu-button');
    fireEvent.click(button);
    const items = screen.getAllByTestId('quality-option');
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('closes on a press outside', () => {
    renderPlayer({ ...LIVE_PLAYING, tracks: QUALITIES });
    fireEvent.click(screen.getByTestId('quality-menu-button'));
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('settings menu', () => {
  it('offers speed for VoD only, and audio and subtitles only when there is something to pick', () => {
    const { update } = renderPlayer(VOD_PLAYING);
    fireEvent.click(screen.getByTestId('settings-button'));
    expect(screen.getByTestId('settings-speed').textContent).toContain('Normal');
    expect(screen.queryByTestId('settings-audio')).toBeNull();
    expect(screen.queryByTestId('settings-subtitles')).toBeNull();
    expect(screen.queryByTestId('settings-quality')).toBeNull();
    update({
      live: true,
      tracks: {
        ...QUALITIES,
        audio: [
          { id: 'en', label: 'English' },
          { id: 'fr', label: '', language: 'fr' },
        ],
        audioId: 'en',
        text: [{ id: 'sub-en', label: 'English' }],
      },
    });
    expect(screen.queryByTestId('settings-speed')).toBeNull();
    expect(screen.getByTestId('settings-audio').textContent).toContain('English');
    expect(screen.getByTestId('settings-subtitles').textContent).toContain('Off');
    expect(screen.getByTestId('settings-quality').textContent).toContain('Auto (720p)');
  });

  it('opens a list from settings with a way back', () => {
    const { player } = renderPlayer({
      ...LIVE_PLAYING,
      tracks: {
        ...QUALITIES,
        audio: [
          { id: 'en', label: 'English' },
          { id: 'fr', label: '', language: 'fr' },
        ],
        audioId: 'en',
      },
    });
    const settings = screen.getByTestId('settings-button');
    fireEvent.click(settings);
    fireEvent.keyDown(screen.getByTestId('settings-audio'), { key: 'ArrowRight' });
    expect(screen.getByRole('menu').getAttribute('aria-label')).toBe('Audio');
    expect(settings.getAttribute('aria-expanded')).toBe('true');
    expect(labels('audio-option')).toEqual(['English', 'fr']);
    expect(document.activeElement).toBe(screen.getAllByTestId('audio-option')[0]);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    expect(screen.getByRole('menu').getAttribute('aria-label')).toBe('Settings');
    fireEvent.click(screen.getByTestId('settings-audio'));
    fireEvent.click(screen.getByText('fr'));
    expect(player.callsTo('setAudioTrack')).toEqual([['fr']]);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(settings);
  });

  it('picks subtitles, including off', () => {
    const { player } = renderPlayer({
      ...VOD_PLAYING,
      tracks: { ...QUALITIES, text: [{ id: 'sub-en', label: 'English' }], textId: 'sub-en' },
    });
    fireEvent.click(screen.getByTestId('settings-button'));
    fireEvent.click(screen.getByTestId('settings-subtitles'));
    expect(labels('subtitles-option')).toEqual(['Off', 'English']);
    fireEvent.click(screen.getByText('Off'));
    expect(player.callsTo('setTextTrack')).toEqual([[undefined]]);
  });

  it('sets the speed', () => {
    const { player } = renderPlayer(VOD_PLAYING);
    fireEvent.click(screen.getByTestId('settings-button'));
    fireEvent.click(screen.getByTestId('settings-speed'));
    fireEvent.click(screen.getByText('1.5×'));
    expect(player.callsTo('setPlaybackRate')).toEqual([[1.5]]);
  });

  it('toggles the stats panel', () => {
    renderPlayer(LIVE_PLAYING);
    fireEvent.click(screen.getByTestId('settings-button'));
    const toggle = screen.getByTestId('stats-toggle');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle);
    expect(screen.getByTestId('stats-panel').hidden).toBe(false);
  });
});
