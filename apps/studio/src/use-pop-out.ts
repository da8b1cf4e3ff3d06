import { documentPip, openPopOut, type PopOut } from '@brume/player/pop-out';
import { useCallback, useEffect, useRef, useState } from 'react';

/** What the studio can pop out: the program monitor and the stats (with the live state). */
export type PopOutPart = 'program' | 'stats';

/** Their order in the window: the picture first, its numbers after it. */
const PARTS: readonly PopOutPart[] = ['program', 'stats'];

/** The size a window opens at for the part that opens it; a part that joins it later fits in. */
const SIZES: Record<PopOutPart, { width: number; height: number }> = {
  program: { width: 640, height: 360 },
  stats: { width: 380, height: 440 },
};

/**
 * The window's own layout, after the page's style sheets: the parts share it, side by side in a wide
 * window and one above the other in a tall one; the stats scroll when they do not fit.
 */
const POP_OUT_CSS = `
html, body { margin: 0; width: 100%; height: 100%; overflow: hidden; background: var(--bg); }
.pop-out-frame { display: flex; width: 100%; height: 100%; }
@media (orientation: portrait) { .pop-out-frame { flex-direction: column; } }
.pop-out-frame > .pop-out-host { display: block; min-width: 0; min-height: 0; }
.pop-out-frame > .pop-out-host[data-part='program'] { flex: 1 1 0; background: #000; }
.pop-out-frame > .pop-out-host[data-part='stats'] { flex: 0 1 280px; overflow: auto; }
.pop-out-frame > .pop-out-host[data-part='stats']:only-child { flex: 1 1 auto; }
.pop-out-host[data-part='program'] > .screen { width: 100%; height: 100%; aspect-ratio: auto; border: 0; border-radius: 0; }
.pop-out-host[data-part='stats'] > .stats-body { padding: 12px 14px; }
.pop-out-host[data-part='stats'] dl { grid-template-columns: repeat(auto-fill, minmax(110px, 1fr)); gap: 8px 12px; }
`;

export interface StudioPopOut {
  /** The browser has Document Picture-in-Picture (Chrome/Edge 116+ desktop). */
  available: boolean;
  /** The part is in the pop-out window now. */
  isOut(part: PopOutPart): boolean;
  /** The element a part renders into through a portal: moved between its slot and the window. */
  host(part: PopOutPart): HTMLElement;
  /** The part's slot in the page (null once unmounted): where its host goes back to. */
  setHome(part: PopOutPart, slot: HTMLElement | null): void;
  /**
   * From a click: opens the window with the part, adds it to the window already open, or takes it
   * back to the page (closing the window when it was the last part there).
   */
  toggle(part: PopOutPart): void;
}

/**
 * The studio's Document Picture-in-Picture window (`@brume/player/pop-out`). A page gets one such
 * window (opening a second closes the first), so the program monitor and the stats share it: each
 * part's button puts it into the open window or takes it out. The window holds a frame element; the
 * parts' hosts move into it, and back to their slots, which may have been remounted elsewhere
 * meanwhile (the program monitor changes parent with studio mode). The nodes move, never copies: the
 * program's `<video>` keeps playing and the stats keep updating, as the same React tree renders into
 * them. Unmounting the hook's component closes the window.
 */
export function usePopOut(): StudioPopOut {
  const [elements] = useState(() => ({
    // Detached from the page: `openPopOut` leaves no placeholder for it and takes it out of the
    // window when it closes, and the hosts in it go back to their slots then.
    frame: createDiv('pop-out-frame'),
    hosts: Object.fromEntries(PARTS.map((part) => [part, createDiv('pop-out-host', part)])) as Record<
      PopOutPart,
      HTMLElement
    >,
  }));
  const [shown, setShown] = useState<readonly PopOutPart[]>([]);
  // What is in the window now, ahead of React's state (clicks may come before the next render).
  const inWindow = useRef<readonly PopOutPart[]>([]);
  const homes = useRef<Partial<Record<PopOutPart, HTMLElement | null>>>({});
  const current = useRef<PopOut | undefined>(undefined);
  const opening = useRef(false);
  const available = documentPip(window) !== undefined;

  /** Moves each part's host into the frame or back to its slot, synchronously (see `openPopOut`). */
  const show = useCallback(
    (parts: readonly PopOutPart[]) => {
      const { frame, hosts } = elements;
      for (const part of PARTS) {
        const host = hosts[part];
        if (parts.includes(part)) frame.append(host);
        else if (host.parentNode === frame) {
          const home = homes.current[part];
          if (home) home.append(host);
          // Its component is not mounted: it takes the host in again when it mounts.
          else host.remove();
        }
      }
      inWindow.current = parts;
      setShown(parts);
    },
    [elements],
  );

  const toggle = useCallback(
    (part: PopOutPart) => {
      const open = current.current;
      if (open) {
        const parts = inWindow.current;
        if (!parts.includes(part)) show([...parts, part]);
        else if (parts.length > 1) show(parts.filter((p) => p !== part));
        else open.close();
        return;
      }
      if (opening.current) return;
      opening.current = true;
      openPopOut(elements.frame, {
        ...SIZES[part],
        css: POP_OUT_CSS,
        onClose: () => {
          current.current = undefined;
          show([]);
        },
      })
        .then(
          (popOut) => {
            current.current = popOut;
            show([part]);
          },
          // Refused (no user gesture): the part stays in the page and its button says so.
          () => undefined,
        )
        .finally(() => {
          opening.current = false;
        });
    },
    [elements, show],
  );

  const setHome = useCallback((part: PopOutPart, slot: HTMLElement | null) => {
    homes.current[part] = slot;
  }, []);
  const host = useCallback((part: PopOutPart) => elements.hosts[part], [elements]);
  const isOut = useCallback((part: PopOutPart) => shown.includes(part), [shown]);

  useEffect(() => () => current.current?.close(), []);

  return { available, isOut, host, setHome, toggle };
}

function createDiv(className: string, part?: PopOutPart): HTMLElement {
  const element = document.createElement('div');
  element.className = className;
  if (part) element.dataset.part = part;
  return element;
}
