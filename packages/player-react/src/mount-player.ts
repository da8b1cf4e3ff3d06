import type { Player as PlayerCore } from '@brume/player';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Player, type PlayerProps } from './Player';

/** `<Player/>`'s props but the React-only ones: the core's options, `className` and `strings`. */
export type MountOptions = Omit<PlayerProps, 'onPlayer' | 'children'>;

/** A player mounted into a page element. */
export interface MountedPlayer {
  /** The core, once React has mounted it (`undefined` for the first moments and after dispose). */
  readonly player: PlayerCore | undefined;
  dispose(): void;
}

const mounted = new WeakMap<Element, MountedPlayer>();

/** Renders a `<Player/>` into `target` (an element or a selector). Mounting twice replaces the first. */
export function mountPlayer(target: Element | string, options: MountOptions): MountedPlayer {
  const element = typeof target === 'string' ? document.querySelector(target) : target;
  if (!element) throw new Error(`Brume: no element matches "${String(target)}".`);
  mounted.get(element)?.dispose();
  const root = createRoot(element);
  let current: PlayerCore | undefined;
  let disposed = false;
  root.render(createElement(Player, { ...options, onPlayer: (p) => (current = p) }));
  const handle: MountedPlayer = {
    get player() {
      return current;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // Unmounting runs the component's cleanup, which disposes the core.
      root.unmount();
      if (mounted.get(element) === handle) mounted.delete(element);
    },
  };
  mounted.set(element, handle);
  return handle;
}
