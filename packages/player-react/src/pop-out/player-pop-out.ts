import { openPopOut, type PopOut } from '@brume/player/pop-out';

/** The pop-out window's first size when the player has none yet (hidden): 16:9, a corner's worth. */
const DEFAULT_WIDTH = 480;
const DEFAULT_HEIGHT = 270;

/**
 * In the pop-out document the player is the page: it fills the window, square corners. A Picture-in-
 * Picture window cannot go fullscreen (the browser refuses), so the fullscreen button would do nothing.
 */
const POP_OUT_CSS = `
html, body { margin: 0; width: 100%; height: 100%; overflow: hidden; background: #000; }
.brume-player-host { display: block; width: 100%; height: 100%; }
.brume-player-host > .brume-player { width: 100%; height: 100%; aspect-ratio: auto; border-radius: 0; }
.brume-player-host [data-testid='fullscreen-button'] { display: none; }
`;

/**
 * Moves the player into a Document Picture-in-Picture window. What moves is the portal host
 * `<Player/>` renders into (`.brume-player-host`): React listens for events on a portal's container,
 * so the controls keep working in the other document, and the `<video>` element, its engine and
 * every listener on the player root move along untouched. A box the size of the player keeps its
 * place in the page meanwhile.
 */
export async function popOutPlayer(container: HTMLElement, onClose: () => void): Promise<PopOut> {
  const host = container.parentElement?.classList.contains('brume-player-host')
    ? container.parentElement
    : container;
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
  const popOut = await openPopOut(host, {
    width,
    height,
    css: POP_OUT_CSS,
    onClose: () => {
      placeholder.remove();
      onClose();
    },
  });
  if (!popOut.closed) {
    parent?.insertBefore(placeholder, next);
    // Keys go to the player's root: give it focus for when the window gets it.
    container.focus({ preventScroll: true });
  }
  return popOut;
}
