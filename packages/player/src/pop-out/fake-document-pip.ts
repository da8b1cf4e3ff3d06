import type { DocumentPictureInPicture, DocumentPictureInPictureOptions } from './document-pip';

/** The part of a Document Picture-in-Picture window the mover uses, closable like the real one. */
export interface FakePipWindow {
  readonly document: Document;
  readonly options: DocumentPictureInPictureOptions | undefined;
  closed: boolean;
  /** What the browser does when the user closes the window: `pagehide`, then the document goes. */
  close(): void;
  addEventListener(type: string, listener: EventListener): void;
  removeEventListener(type: string, listener: EventListener): void;
  /** Listeners still registered, per event type (to check that nothing is left behind). */
  listenerCount(type: string): number;
}

/**
 * A stand-in for `window.documentPictureInPicture` in a test DOM: `requestWindow` opens a
 * `FakePipWindow` over a fresh document, or rejects like the browser without a user gesture when
 * `refuse` is set. Opening a second window closes the first, as Chrome does.
 */
export function createFakeDocumentPip(doc: Document): DocumentPictureInPicture & {
  refuse: boolean;
  opened: FakePipWindow[];
} {
  const target = new EventTarget();
  const opened: FakePipWindow[] = [];
  let current: FakePipWindow | undefined;
  const api = Object.assign(target, {
    refuse: false,
    opened,
    get window(): Window | null {
      return (current as unknown as Window | undefined) ?? null;
    },
    async requestWindow(options?: DocumentPictureInPictureOptions): Promise<Window> {
      if (api.refuse) throw new DOMException('requires user activation', 'NotAllowedError');
      current?.close();
      const win = fakeWindow(doc.implementation.createHTMLDocument('pop-out'), options, () => {
        if (current === win) current = undefined;
      });
      opened.push(win);
      current = win;
      return win as unknown as Window;
    },
  });
  return api;
}

function fakeWindow(
  document: Document,
  options: DocumentPictureInPictureOptions | undefined,
  onClosed: () => void,
): FakePipWindow {
  const listeners = new Map<string, Set<EventListener>>();
  const win: FakePipWindow = {
    document,
    options,
    closed: false,
    close() {
      if (win.closed) return;
      for (const listener of [...(listeners.get('pagehide') ?? [])]) listener(new Event('pagehide'));
      win.closed = true;
      document.body.replaceChildren();
      onClosed();
    },
    addEventListener(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener);
    },
    removeEventListener(type, listener) {
      listeners.get(type)?.delete(listener);
    },
    listenerCount(type) {
      return listeners.get(type)?.size ?? 0;
    },
  };
  return win;
}
