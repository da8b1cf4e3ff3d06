import { documentPip } from './document-pip';
import { PopOutError } from './pop-out-error';

export interface PopOutOptions {
  /** Initial size of the window in CSS pixels (the browser may clamp it or remember the user's). */
  width: number;
  height: number;
  /** CSS for the pop-out document, after the page's own (typically: make the element fill it). */
  css?: string;
  /** Runs once the element is back in the page, whoever closed the window (user, page, `close()`). */
  onClose?: () => void;
}

/** An element living in a Document Picture-in-Picture window. */
export interface PopOut {
  readonly window: Window;
  readonly document: Document;
  /** True once the element is back in the page. */
  readonly closed: boolean;
  /** Puts the element back where it was and closes the window. Idempotent. */
  close(): void;
}

/** Whether `openPopOut` can work in this element's window. */
export function popOutAvailable(element: Element): boolean {
  const win = element.ownerDocument.defaultView;
  return win !== null && documentPip(win) !== undefined;
}

/**
 * Moves `element` into a Document Picture-in-Picture window, with the page's style sheets, and back
 * to the same place when the window closes. The node itself moves (`append`), never a copy: a video
 * keeps playing, a MediaSource or a WebRTC stream stays attached, listeners registered on the element
 * and its descendants keep working. A comment holds its place in the page meanwhile. Must run from a
 * user gesture (click, key press); rejects with `PopOutError` (`pop-out/unavailable`,
 * `pop-out/refused`).
 */
export async function openPopOut(element: HTMLElement, options: PopOutOptions): Promise<PopOut> {
  const doc = element.ownerDocument;
  const api = doc.defaultView ? documentPip(doc.defaultView) : undefined;
  if (!api) throw PopOutError.unavailable();
  let pipWindow: Window;
  try {
    pipWindow = await api.requestWindow({
      width: Math.round(options.width),
      height: Math.round(options.height),
    });
  } catch (cause) {
    throw PopOutError.refused(cause);
  }
  const pipDoc = pipWindow.document;
  copyStyleSheets(doc, pipDoc);
  if (options.css) {
    const style = pipDoc.createElement('style');
    style.textContent = options.css;
    pipDoc.head.append(style);
  }
  const placeholder = doc.createComment('brume pop-out');
  element.before(placeholder);
  pipDoc.body.append(element);

  let closed = false;
  const restore = (): void => {
    if (closed) return;
    closed = true;
    pipWindow.removeEventListener('pagehide', restore);
    // Back before the pop-out document goes away, which would take the element with it.
    if (placeholder.isConnected) placeholder.replaceWith(element);
    else element.remove();
    carryBackStyles(pipDoc, doc);
    options.onClose?.();
  };
  // `pagehide` fires while the document still exists, whether the user, the page or the browser
  // (another pop-out opening) closes the window.
  pipWindow.addEventListener('pagehide', restore);

  return {
    window: pipWindow,
    document: pipDoc,
    get closed() {
      return closed;
    },
    close() {
      if (closed) return;
      restore();
      pipWindow.close();
    },
  };
}

/**
 * Copies every style sheet of the page into the pop-out document: as text where its rules are
 * readable (this also carries rules added through the CSSOM, which the `<style>` text would miss),
 * as a `<link>` where they are not (cross-origin). `<style>` ids are kept, so a component that injects
 * its styles once per document (`ensurePlayerStyles`) sees them there.
 */
function copyStyleSheets(from: Document, to: Document): void {
  const owners = from.querySelectorAll<HTMLStyleElement | HTMLLinkElement>('style, link[rel~="stylesheet"]');
  for (const owner of Array.from(owners)) {
    const sheet = owner.sheet;
    if (!sheet) continue;
    let rules: string | undefined;
    try {
      rules = Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
    } catch {
      rules = undefined;
    }
    const media = owner.getAttribute('media');
    if (rules !== undefined) {
      const style = to.createElement('style');
      if (owner.id) style.id = owner.id;
      if (media) style.media = media;
      style.textContent = rules;
      to.head.append(style);
    } else if (owner instanceof HTMLLinkElement) {
      const link = to.createElement('link');
      link.rel = 'stylesheet';
      link.href = owner.href;
      if (media) link.media = media;
      to.head.append(link);
    }
  }
}

/**
 * Styles a component injected into the pop-out document while its element lived there (by id, as
 * `ensureCaptionStyles` does) go back with it: the page never saw that component mount.
 */
function carryBackStyles(from: Document, to: Document): void {
  for (const style of Array.from(from.querySelectorAll<HTMLStyleElement>('style[id]'))) {
    if (to.getElementById(style.id)) continue;
    const copy = to.createElement('style');
    copy.id = style.id;
    copy.textContent = style.textContent;
    to.head.append(copy);
  }
}
