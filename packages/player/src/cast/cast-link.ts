import type { CastCore, CastHost, CastLink, CastOptions } from './cast-api';
import { attachLink, castHostOf } from './cast-host';
import { loadCastSdk } from './cast-sdk-loader';
import { ChromecastLink } from './chromecast-link';
import { RemotePlaybackLink } from './remote-playback-link';

/**
 * Chromium says so in its User-Agent Client Hints (an API only Chromium ships), headless or not;
 * `window.chrome` is not a test: old-style headless Chromium lacks it.
 */
function isChromium(navigator: Navigator): boolean {
  const hints = (navigator as { userAgentData?: { brands: { brand: string }[] } }).userAgentData;
  return hints?.brands.some((b) => b.brand === 'Chromium') ?? false;
}

/**
 * Sets up casting for one player (this module is loaded with `import()` only when casting is on).
 * The Cast sender SDK is requested only in Chromium browsers in a secure context, the only place
 * it can work (it needs Chromium's Presentation API and Media Router); elsewhere, or when it does not load, the
 * element's Remote Playback API is used if the browser offers it for this element.
 */
export async function linkCast(core: CastCore, options: CastOptions): Promise<void> {
  try {
    attachLink(core, await setUp(castHostOf(core), options));
  } catch (error) {
    // A page that cannot cast is still a player.
    console.warn('Brume player: casting did not load', error);
  }
}

async function setUp(host: CastHost, options: CastOptions): Promise<CastLink | undefined> {
  // An element outside any document (or a test's stand-in) has no window to cast from.
  const win = (host.video.ownerDocument as Document | undefined)?.defaultView ?? null;
  const chromium = win !== null && win.isSecureContext && isChromium(win.navigator);
  const sdk = chromium ? await loadCastSdk(win, options.sdkUrl) : undefined;
  if (sdk) return new ChromecastLink(host, sdk, options.receiverApplicationId);
  return RemotePlaybackLink.create(host);
}
