import type { CompositorStats } from './compositor/compositor';
import type { Publisher } from './publisher';
import type { PublisherStats } from './publisher-stats';
import type { SceneCollection } from './scene/scene-types';
import type { Studio } from './studio';

/**
 * What the studio app puts on `window.__brumeStudio` for end-to-end tests: live objects to assert on
 * (outbound bytes, state, the document) without scraping the UI.
 */
export interface StudioTestBridge {
  /** The engine, once started. */
  readonly studio: Studio | undefined;
  /** The publisher of the current or last Go Live; undefined before the first. */
  readonly publisher: Publisher | undefined;
  /** The latest stats sample while live. */
  getStats(): PublisherStats | undefined;
  /** The compositor's latest stats. */
  getRenderStats(): CompositorStats | undefined;
  /** The scene collection as the app holds it. */
  getCollection(): SceneCollection | undefined;
}

declare global {
  interface Window {
    __brumeStudio?: StudioTestBridge;
  }
}
