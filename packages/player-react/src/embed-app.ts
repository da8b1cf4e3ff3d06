/**
 * The embed's player module (`/player/embed.js`, an ES module with lazy engine chunks beside it),
 * imported by the `/player.js` loader on first use. Built with Preact behind React's API (compat
 * aliasing) to keep core + skin within the embed's size budget.
 */
import { mountPlayer, type MountOptions, type MountedPlayer } from './mount-player';

export type { MountedPlayer };
export type EmbedOptions = Omit<MountOptions, 'stream'> & { stream?: string };

/** The origin this module was loaded from: the Brume server, unless the page says otherwise. */
const moduleOrigin = new URL(import.meta.url).origin;

export function mount(target: Element | string, options: EmbedOptions): MountedPlayer {
  return mountPlayer(target, {
    ...options,
    server: options.server ?? options.host ?? moduleOrigin,
  } as MountOptions);
}

/** Mounts every `[data-brume-stream]` element not mounted yet; returns the new handles. */
export function mountAll(root: ParentNode = document, server = moduleOrigin): MountedPlayer[] {
  const handles: MountedPlayer[] = [];
  for (const element of root.querySelectorAll<HTMLElement>('[data-brume-stream]')) {
    if (element.dataset.brumeMounted !== undefined) continue;
    element.dataset.brumeMounted = '';
    handles.push(
      mountPlayer(element, {
        stream: element.dataset.brumeStream ?? '',
        server: element.dataset.brumeServer || server,
        latencyMeter: element.dataset.brumeLatency !== 'off',
        ...(element.dataset.brumeToken ? { token: element.dataset.brumeToken } : {}),
      }),
    );
  }
  return handles;
}
