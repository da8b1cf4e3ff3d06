import type { Player as PlayerCore } from '@brume/player';
import type { PlayerStrings } from '../strings';

/** The cast glyph (a screen with waves). */
const ICON =
  '<svg class="brume-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M1 18v3h3a3 3 0 0 0-3-3zm0-4v2a5 5 0 0 1 5 5h2a7 7 0 0 0-7-7zm0-4v2a9 9 0 0 1 9 9h2A11 11 0 0 0 1 10zm20-7H3a2 2 0 0 0-2 2v3h2V5h18v14h-7v2h7a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2z"/></svg>';

/** The English words, for pages whose `strings` do not translate casting. */
const DEFAULTS: Required<Pick<PlayerStrings, 'cast' | 'stopCast' | 'castConnecting' | 'castingTo'>> = {
  cast: 'Cast',
  stopCast: 'Stop casting',
  castConnecting: 'Connecting to the cast device…',
  castingTo: (device) => (device ? `Casting to ${device}` : 'Casting'),
};

/**
 * The cast button (in the control bar's `[data-cast="button"]` slot: opens the device picker, or
 * ends the cast) and the "Casting to <device>" overlay (`[data-cast="overlay"]`), kept in step with
 * `player.getState().cast`. Returns the function that removes both.
 */
export function mountCastUi(player: PlayerCore, strings: PlayerStrings): () => void {
  const words = { ...DEFAULTS, ...definedOnly(strings) };
  const root = player.video.closest('.brume-player');
  const buttonSlot = root?.querySelector<HTMLElement>('[data-cast="button"]');
  const overlaySlot = root?.querySelector<HTMLElement>('[data-cast="overlay"]');
  if (!buttonSlot || !overlaySlot) return () => {};
  const doc = buttonSlot.ownerDocument;

  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'brume-button';
  button.dataset.testid = 'cast-button';
  button.innerHTML = ICON;
  button.addEventListener('click', () => {
    if (player.getState().cast?.session === 'none') void player.startCast();
    else player.stopCast();
  });
  buttonSlot.append(button);
  buttonSlot.hidden = false;

  const overlay = doc.createElement('div');
  overlay.className = 'brume-overlay';
  overlay.dataset.testid = 'cast-overlay';
  overlay.style.background = 'rgba(5, 7, 10, 0.85)';
  overlay.innerHTML = ICON;
  const text = doc.createElement('div');
  text.className = 'brume-overlay__text';
  overlay.append(text);
  overlaySlot.append(overlay);

  const render = (): void => {
    const cast = player.getState().cast;
    const session = cast?.session ?? 'none';
    const label = session === 'none' ? words.cast : words.stopCast;
    button.setAttribute('aria-label', label);
    button.title = label;
    button.setAttribute('aria-pressed', String(session !== 'none'));
    button.dataset.session = session;
    overlaySlot.hidden = session === 'none';
    text.textContent = session === 'connecting' ? words.castConnecting : words.castingTo(cast?.device);
  };
  render();
  const unsubscribe = player.subscribe(render);
  return () => {
    unsubscribe();
    button.remove();
    overlay.remove();
    buttonSlot.hidden = true;
    overlaySlot.hidden = true;
  };
}

/** The entries a page actually set (a `strings` prop may carry `undefined` for the optional ones). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
