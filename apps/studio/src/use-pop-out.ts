import { documentPip, openPopOut, type PopOut } from '@brume/player/pop-out';
import { useCallback, useEffect, useRef, useState } from 'react';

export interface PopOutControl {
  /** The browser has Document Picture-in-Picture (Chrome/Edge 116+ desktop). */
  available: boolean;
  /** The element is in the pop-out window now. */
  active: boolean;
  /** Opens the window (from a click) or brings the element back. */
  toggle: () => void;
}

/**
 * Pops `element` out into a Document Picture-in-Picture window and back (`@brume/player/pop-out`).
 * `home` is where it lives in the page: the element goes back there even when
 * the place it left was unmounted meanwhile (the studio's program monitor changes parent with studio
 * mode). Unmounting the hook's component closes the window.
 */
export function usePopOut(
  element: HTMLElement,
  home: () => HTMLElement | null,
  options: { width: number; height: number; css: string },
): PopOutControl {
  const [active, setActive] = useState(false);
  const current = useRef<PopOut | undefined>(undefined);
  const opening = useRef(false);
  const latest = useRef({ home, options });
  useEffect(() => {
    latest.current = { home, options };
  });
  const available = documentPip(window) !== undefined;

  const toggle = useCallback(() => {
    if (current.current) {
      current.current.close();
      return;
    }
    if (opening.current) return;
    opening.current = true;
    openPopOut(element, {
      ...latest.current.options,
      onClose: () => {
        current.current = undefined;
        if (!element.isConnected) latest.current.home()?.append(element);
        setActive(false);
      },
    })
      .then(
        (popOut) => {
          current.current = popOut;
          setActive(true);
        },
        // Refused (no user gesture): the element stays in the page and the button says so.
        () => undefined,
      )
      .finally(() => {
        opening.current = false;
      });
  }, [element]);

  useEffect(() => () => current.current?.close(), []);

  return { available, active, toggle };
}
