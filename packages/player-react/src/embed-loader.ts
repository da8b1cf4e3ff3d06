/**
 * `/player.js`: the script-tag entry, a classic script small enough to put on any page.
 *
 *   <div id="v"></div>
 *   <script src="https://brume.example/player.js"></script>
 *   <script>Brume.play('live', { target: '#v' })</script>
 *
 * or just `<div data-brume-stream="live"></div>` (mounted on DOMContentLoaded). It holds no player
 * code: the first call imports `player/embed.js` (ES module: the core and the skin) from the same
 * place as this script, and the engine chunks load from there only when an engine is chosen. The
 * server defaults to this script's origin, so the snippet works on a page of any origin (the
 * server sends CORS headers on these files).
 */
import type * as EmbedApp from './embed-app';
import type { EmbedOptions, MountedPlayer } from './embed-app';

const VERSION = '0.2.0';

const script = typeof document === 'undefined' ? null : document.currentScript;
// document.currentScript is only set while the script first runs, so it is read now.
const scriptUrl = script instanceof HTMLScriptElement && script.src ? script.src : undefined;
const appUrl = scriptUrl ? new URL('player/embed.js', scriptUrl).href : undefined;
const origin = scriptUrl ? new URL(scriptUrl).origin : undefined;

let app: Promise<typeof EmbedApp> | undefined;

function load(): Promise<typeof EmbedApp> {
  if (!appUrl) return Promise.reject(new Error('Brume: player.js must be loaded with a <script src>.'));
  app ??= import(/* @vite-ignore */ appUrl) as Promise<typeof EmbedApp>;
  return app;
}

function withServer<T extends { server?: string; host?: string }>(options: T): T {
  return options.server || options.host ? options : { ...options, server: origin };
}

const Brume = {
  version: VERSION,
  /** Plays a Brume stream into `options.target` (an element or a selector; default: a new div after the script). */
  async play(
    stream: string,
    options: EmbedOptions & { target?: Element | string } = {},
  ): Promise<MountedPlayer> {
    const { target, ...rest } = options;
    const module = await load();
    return module.mount(target ?? placeholder(), withServer({ ...rest, stream }));
  },
  async mount(target: Element | string, options: EmbedOptions): Promise<MountedPlayer> {
    return (await load()).mount(target, withServer(options));
  },
  /** Mounts every `[data-brume-stream]` element not mounted yet. */
  async mountAll(root: ParentNode = document): Promise<MountedPlayer[]> {
    return (await load()).mountAll(root, origin);
  },
  load,
};

function placeholder(): Element {
  const div = document.createElement('div');
  (script?.parentNode ?? document.body).insertBefore(div, script?.nextSibling ?? null);
  return div;
}

declare global {
  interface Window {
    Brume?: typeof Brume;
  }
}

if (typeof window !== 'undefined') {
  window.Brume = Brume;
  const autoMount = (): void => {
    if (document.querySelector('[data-brume-stream]')) {
      Brume.mountAll().catch((error: unknown) => console.error('Brume: could not load the player', error));
    }
  };
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', autoMount, { once: true });
  else queueMicrotask(autoMount);
}
