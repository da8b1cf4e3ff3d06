// @vitest-environment happy-dom
import { createFakeDocumentPip } from '@brume/player/pop-out';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_PLAYING, renderPlayer } from './testing/render-player';

vi.mock('@brume/player', () => import('./testing/fake-core-module'));

let pip: ReturnType<typeof createFakeDocumentPip>;

beforeEach(() => {
  pip = createFakeDocumentPip(document);
  Object.defineProperty(window, 'documentPictureInPicture', { value: pip, configurable: true });
});

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, 'documentPictureInPicture');
});

/** A click in the pop-out document (whose test double has no window for testing-library's helpers). */
function click(element: Element | null): void {
  if (!element) throw new Error('no element to click');
  act(() => void element.dispatchEvent(new MouseEvent('click', { bubbles: true })));
}

function press(element: Element, key: string): void {
  act(
    () => void element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })),
  );
}

/** Presses the pop-out button and waits for the lazy module and the window. */
async function popOut(): Promise<Document> {
  await act(async () => {
    fireEvent.click(screen.getByTestId('pip-button'));
    await vi.waitFor(() => expect(pip.opened.length).toBeGreaterThan(0));
  });
  return pip.opened[pip.opened.length - 1]!.document;
}

describe('pop-out (Document Picture-in-Picture)', () => {
  it('moves the same root, video and core into the window, with the skin styles', async () => {
    const { root, players } = renderPlayer(LIVE_PLAYING);
    const video = screen.getByTestId('player-video');
    const pipDoc = await popOut();
    expect(pipDoc.body.querySelector('.brume-player-slot > .brume-player')).toBe(root);
    expect(root.querySelector('video')).toBe(video);
    expect(root.ownerDocument).toBe(pipDoc);
    expect(players).toHaveLength(1);
    expect(players[0]!.disposed).toBe(false);
    expect(pipDoc.getElementById('brume-player-styles')?.textContent).toContain('.brume-player');
    expect(document.querySelector('[data-testid="player-placeholder"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="pip-button"]')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('controls and shortcuts work inside the window (React listens on the moved portal host)', async () => {
    const { root, player } = renderPlayer(LIVE_PLAYING);
    const pipDoc = await popOut();
    click(pipDoc.querySelector('[data-testid="play-toggle"]'));
    expect(player.callsTo('pause')).toHaveLength(1);
    press(root, 'k');
    expect(player.callsTo('play')).toHaveLength(1);
    press(root, 'm');
    expect(player.callsTo('setMuted')).toEqual([[true]]);
  });

  it('comes back in place when the window closes, and the i key pops out again', async () => {
    const { root, players } = renderPlayer(LIVE_PLAYING);
    await popOut();
    act(() => pip.opened[0]!.close());
    expect(root.ownerDocument).toBe(document);
    expect(root.isConnected).toBe(true);
    expect(document.querySelector('[data-testid="player-placeholder"]')).toBeNull();
    expect(screen.getByTestId('pip-button').getAttribute('aria-pressed')).toBe('false');
    await act(async () => {
      fireEvent.keyDown(root, { key: 'i' });
      await vi.waitFor(() => expect(pip.opened).toHaveLength(2));
    });
    expect(root.ownerDocument).toBe(pip.opened[1]!.document);
    expect(players).toHaveLength(1);
  });

  it('the button brings it back and closes the window', async () => {
    const { root } = renderPlayer(LIVE_PLAYING);
    const pipDoc = await popOut();
    click(pipDoc.querySelector('[data-testid="pip-button"]'));
    expect(pip.opened[0]!.closed).toBe(true);
    expect(root.ownerDocument).toBe(document);
  });

  it('unmounting while popped out closes the window and disposes the core', async () => {
    const { unmount, players } = renderPlayer(LIVE_PLAYING);
    await popOut();
    unmount();
    expect(players[0]!.disposed).toBe(true);
    await vi.waitFor(() => expect(pip.opened[0]!.closed).toBe(true));
    expect(pip.opened[0]!.listenerCount('pagehide')).toBe(0);
    expect(document.querySelector('.brume-player-slot')).toBeNull();
    expect(document.querySelector('[data-testid="player-placeholder"]')).toBeNull();
  });

  it('stays in the page when the browser refuses the window (no user gesture)', async () => {
    pip.refuse = true;
    const { root } = renderPlayer(LIVE_PLAYING);
    await act(async () => {
      fireEvent.click(screen.getByTestId('pip-button'));
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(root.ownerDocument).toBe(document);
    expect(root.isConnected).toBe(true);
    expect(screen.getByTestId('pip-button').getAttribute('aria-pressed')).toBe('false');
  });
});
