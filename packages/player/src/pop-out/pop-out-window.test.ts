// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeDocumentPip } from './fake-document-pip';
import { PopOutError } from './pop-out-error';
import { openPopOut, popOutAvailable } from './pop-out-window';

function install(): ReturnType<typeof createFakeDocumentPip> {
  const api = createFakeDocumentPip(document);
  Object.defineProperty(window, 'documentPictureInPicture', { value: api, configurable: true });
  return api;
}

function page(): { before: HTMLElement; element: HTMLElement; video: HTMLVideoElement; after: HTMLElement } {
  document.body.innerHTML =
    '<p id="before"></p><div id="player"><video></video><button>play</button></div><p id="after"></p>';
  const style = document.createElement('style');
  style.id = 'brume-player-styles';
  style.textContent = '.brume-player { color: red; }';
  document.head.append(style);
  return {
    before: document.getElementById('before')!,
    element: document.getElementById('player')!,
    video: document.querySelector('video')!,
    after: document.getElementById('after')!,
  };
}

afterEach(() => {
  Reflect.deleteProperty(window, 'documentPictureInPicture');
  document.head.replaceChildren();
  document.body.replaceChildren();
});

describe('openPopOut', () => {
  it('is unavailable without documentPictureInPicture, and says so with a code', async () => {
    const { element } = page();
    expect(popOutAvailable(element)).toBe(false);
    await expect(openPopOut(element, { width: 480, height: 270 })).rejects.toMatchObject({
      code: 'pop-out/unavailable',
    });
  });

  it('moves the same nodes into the window, with the page styles and its own CSS', async () => {
    const api = install();
    const { element, video } = page();
    expect(popOutAvailable(element)).toBe(true);
    const popOut = await openPopOut(element, { width: 480.4, height: 270, css: 'body { margin: 0; }' });
    const win = api.opened[0]!;
    expect(win.options).toEqual({ width: 480, height: 270 });
    expect(popOut.document).toBe(win.document);
    expect(win.document.body.firstElementChild).toBe(element);
    expect(element.ownerDocument).toBe(win.document);
    expect(element.querySelector('video')).toBe(video);
    expect(document.getElementById('player')).toBeNull();
    const styles = [...win.document.head.querySelectorAll('style')];
    expect(styles[0]?.id).toBe('brume-player-styles');
    expect(styles[0]?.textContent).toContain('color: red');
    expect(styles[1]?.textContent).toBe('body { margin: 0; }');
    expect(popOut.closed).toBe(false);
  });

  it('puts the element back in its place when the user closes the window', async () => {
    const api = install();
    const { before, element, after } = page();
    const onClose = vi.fn();
    const popOut = await openPopOut(element, { width: 480, height: 270, onClose });
    api.opened[0]!.close();
    expect(before.nextSibling).toBe(element);
    expect(element.nextSibling).toBe(after);
    expect(element.ownerDocument).toBe(document);
    expect(popOut.closed).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(api.opened[0]!.listenerCount('pagehide')).toBe(0);
    expect(document.body.innerHTML).not.toContain('brume pop-out');
  });

  it('close() puts it back and closes the window, once', async () => {
    const api = install();
    const { before, element } = page();
    const onClose = vi.fn();
    const popOut = await openPopOut(element, { width: 480, height: 270, onClose });
    popOut.close();
    popOut.close();
    expect(api.opened[0]!.closed).toBe(true);
    expect(before.nextSibling).toBe(element);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('carries back styles injected into the pop-out document while the element was there', async () => {
    const api = install();
    const { element } = page();
    await openPopOut(element, { width: 480, height: 270 });
    const pipDoc = api.opened[0]!.document;
    const captions = pipDoc.createElement('style');
    captions.id = 'brume-caption-styles';
    captions.textContent = '.brume-captions { bottom: 0; }';
    pipDoc.head.append(captions);
    api.opened[0]!.close();
    expect(document.getElementById('brume-caption-styles')?.textContent).toBe(
      '.brume-captions { bottom: 0; }',
    );
    expect(document.querySelectorAll('#brume-player-styles')).toHaveLength(1);
  });

  it('a second pop-out closes the first, which goes home', async () => {
    const api = install();
    const { element, after } = page();
    const other = document.createElement('section');
    document.body.append(other);
    const first = await openPopOut(element, { width: 480, height: 270 });
    await openPopOut(other, { width: 320, height: 180 });
    expect(first.closed).toBe(true);
    expect(element.nextSibling).toBe(after);
    expect(api.opened[1]!.document.body.firstElementChild).toBe(other);
  });

  it('rejects with pop-out/refused when the browser refuses (no user gesture), moving nothing', async () => {
    const api = install();
    api.refuse = true;
    const { before, element } = page();
    const error = await openPopOut(element, { width: 480, height: 270 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PopOutError);
    expect((error as PopOutError).code).toBe('pop-out/refused');
    expect((error as PopOutError).cause).toBeInstanceOf(DOMException);
    expect(before.nextSibling).toBe(element);
  });

  it('leaves the element out when the page removed its place meanwhile', async () => {
    const api = install();
    const { element } = page();
    await openPopOut(element, { width: 480, height: 270 });
    document.body.replaceChildren();
    api.opened[0]!.close();
    expect(element.isConnected).toBe(false);
  });
});
