import type { PlayerCore, PlayerTestBridge } from '@brume/player-react';

declare global {
  interface Window {
    /** End-to-end tests read the current player core here (see PlayerTestBridge). */
    __brume?: PlayerTestBridge;
  }
}

/** Publishes the current player core on `window.__brume` for the e2e tests. */
export function setBridgePlayer(player: PlayerCore | undefined): void {
  window.__brume = { player };
}
