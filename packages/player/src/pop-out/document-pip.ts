/**
 * The Document Picture-in-Picture API (Chrome/Edge 116+, secure contexts), which TypeScript's DOM
 * library does not describe yet: only the part Brume calls.
 */
export interface DocumentPictureInPictureOptions {
  width?: number;
  height?: number;
  /** Chrome 130+: open at the requested size rather than the size the user last gave the window. */
  preferInitialWindowPlacement?: boolean;
}

export interface DocumentPictureInPicture extends EventTarget {
  requestWindow(options?: DocumentPictureInPictureOptions): Promise<Window>;
  readonly window: Window | null;
}

/** The browser's `documentPictureInPicture`, or `undefined` where it has none. */
export function documentPip(win: Window): DocumentPictureInPicture | undefined {
  const api = (win as Window & { documentPictureInPicture?: DocumentPictureInPicture })
    .documentPictureInPicture;
  return api && typeof api.requestWindow === 'function' ? api : undefined;
}
