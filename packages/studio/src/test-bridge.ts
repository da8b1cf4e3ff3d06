import type { Publisher } from './publisher';
import type { PublisherStats } from './publisher-stats';
import type { SourceKind } from './studio-source';

/**
 * What the studio app puts on `window.__brumeStudio` for end-to-end tests: live objects to assert on
 * (outbound bytes, state) without scraping the UI.
 */
export interface StudioTestBridge {
  /** The publisher of the current or last Go Live; undefined before the first. */
  readonly publisher: Publisher | undefined;
  /** The kind of the source feeding the preview and the publisher, once one is open. */
  readonly sourceKind: SourceKind | undefined;
  /** The latest stats sample while live. */
  getStats(): PublisherStats | undefined;
}

declare global {
  interface Window {
    __brumeStudio?: StudioTestBridge;
  }
}
