import type { Player } from './player';

/**
 * What the demo page puts on `window.__brume`, so end-to-end tests can read the player's internals:
 * `await page.evaluate(() => window.__brume?.player?.getStats())`.
 */
export interface PlayerTestBridge {
  /** The player core currently mounted on the page, if any. */
  player: Player | undefined;
}

/** The `window` property that holds the bridge. */
export const TEST_BRIDGE_KEY = '__brume';
