/**
 * Served in place of Google's `cast_sender.js` (the spec routes the SDK URL here), so the player's
 * real loader runs: this script defines the fake `cast.framework` / `chrome.cast` and calls
 * `window.__onGCastApiAvailable(true)` as the SDK does. The spec drives the simulated receiver
 * through `window.__fakeCast`.
 */
import { installFakeCastSdk, type FakeCastSdk } from '../../packages/player/src/cast/testing/fake-cast-sdk';

declare global {
  interface Window {
    __fakeCast?: FakeCastSdk;
  }
}

window.__fakeCast = installFakeCastSdk(window);
