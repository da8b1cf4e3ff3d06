/**
 * The script-tag entry, built to `/player.js` as the IIFE global `Brume`:
 *
 *   <script src="https://brume.example/player.js"></script>
 *   <div data-brume-stream="live"></div>
 *
 * Every `[data-brume-stream]` element is mounted on DOMContentLoaded; `Brume.mount(el, {stream})`
 * mounts by hand. The server defaults to the origin the script came from, so the snippet works on any
 * site, not only on the Brume server's own pages.
 */
import { mountPlayer, type MountOptions, type MountedPlayer } from './mount-player';

export const version = '0.1.0';

// document.currentScript is only set while the script first runs, so it is read now, not in mount().
const scriptOrigin: string | undefined = (() => {
  const script = typeof document === 'undefined' ? null : document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return undefined;
  try {
    return new URL(script.src).origin;
  } catch {
    return undefined;
  }
})();

export type { MountOptions, MountedPlayer };

export function mount(target: Element | string, options: MountOptions): MountedPlayer {
  return mountPlayer(target, { ...options, server: options.server ?? scriptOrigin });
}

/** Mounts every `[data-brume-stream]` element not mounted yet; returns the new handles. */
export function mountAll(root: ParentNode = document): MountedPlayer[] {
  const handles: MountedPlayer[] = [];
  for (const element of root.querySelectorAll<HTMLElement>('[data-brume-stream]')) {
    if (element.dataset.brumeMounted !== undefined) continue;
    const stream = element.dataset.brumeStream ?? '';
    element.dataset.brumeMounted = '';
    handles.push(
      mount(element, {
        stream,
        server: element.dataset.brumeServer || undefined,
        latencyMeter: element.dataset.brumeLatency !== 'off',
      }),
    );
  }
  return handles;
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => mountAll(), { once: true });
  } else {
    // Loaded late (async/defer or injected): the page is already there.
    queueMicrotask(() => mountAll());
  }
}
