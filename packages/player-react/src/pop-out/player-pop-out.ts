import { openPopOut, type PopOut } from '@brume/player/pop-out';

/** The pop-out window's first size when the player has none yet (hidden): 16:9, a corner's worth. */
const DEFAULT_WIDTH = 480;
const DEFAULT_HEIGHT = 270;

/** In the pop-out document the player is the page: it fills the window, square corners. */
const POP_OUT_CSS = `
html, body { margin: 0; width: 100%; height: 100%; overflow: hidden; background: #000; }
body > .brume-player-slot { display: block; width: 100%; height: 100%; }
body > .brume-player-slot > .brume-player { width: 100%; height: 100%; aspect-ratio: auto; border-radius: 0; }
`;

/** Players popped out, by core container. */
const poppedOut = new Map<HTMLElement, PopOut>();
/** Containers whose window is being requested (a second press must not open another). */
const opening = new Set<HTMLElement>();

export function isPoppedOut(container: HTMLElement): boolean {
  return poppedOut.has(container);
}

/**
 * Pops the player out, or brings it back; an event of type `changeEvent` is dispatched on the
 * container after each move. Refusals (no user gesture) leave it in the page.
 */
export async function togglePopOut(container: HTMLElement, changeEvent: string): Promise<void> {
  const onChange = (): boolean => container.dispatchEvent(new Event(changeEvent));
  const current = poppedOut.get(container);
  if (current) return current.close();
  if (opening.has(container)) return;
  opening.add(container);
  try {
    poppedOut.set(container, await popOutPlayer(container, onChange));
    onChange();
  } catch {
    // Refused: nothing moved, and the button still says "Pop out".
  } finally {
    opening.delete(container);
  }
}

/**
 * Moves the player into a Document Picture-in-Picture window. What moves is the portal host
 * `<Player/>` renders into (a `.brume-player-slot` div of its own): React listens for events on a portal's container,
 * so the controls keep working in the other document, and the `<video>` element, its engine and
 * every listener on the player root move along untouched. A box the size of the player keeps its
 * place in the page meanwhile.
 */
async function popOutPlayer(container: HTMLElement, onClose: () => void): Promise<PopOut> {
  const host = container.parentElement;
  if (!host) throw new Error('the player is not mounted');
  const rect = container.getBoundingClientRect();
  const width = rect.width || DEFAULT_WIDTH;
  const height = rect.height || DEFAULT_HEIGHT;
  const doc = host.ownerDocument;
  const parent = host.parentNode;
  const next = host.nextSibling;
  const placeholder = doc.createElement('div');
  placeholder.className = 'brume-player-placeholder';
  placeholder.dataset.testid = 'player-placeholder';
  placeholder.style.cssText = `width:${width}px;max-width:100%;aspect-ratio:${width}/${height};background:#000;border-radius:var(--brume-radius,10px)`;
  // The player unmounted (React took the root out of the host): close the window.
  const unmounted = new MutationObserver(() => {
    if (container.parentNode !== host) popOut.close();
  });
  const popOut = await openPopOut(host, {
    width,
    height,
    css: POP_OUT_CSS,
    onClose: () => {
      unmounted.disconnect();
      placeholder.remove();
      poppedOut.delete(container);
      onClose();
    },
  });
  parent?.insertBefore(placeholder, next);
  // Keys go to the player's root: give it focus for when the window gets it.
  container.focus({ preventScroll: true });
  unmounted.observe(host, { childList: true });
  return popOut;
}
