import type { CastHost, CastLink, CastOptions } from './cast-api';
import { loadCastSdk } from './cast-sdk-loader';
import { ChromecastLink } from './chromecast-link';
import { RemotePlaybackLink } from './remote-playback-link';

/**
 * Sets up casting for one player (this module is loaded with `import()` only when casting is on).
 * The Cast sender SDK is requested only in Chromium browsers in a secure context, the only place
 * it can work (it needs Chrome's Presentation API); elsewhere, or when it does not load, the
 * element's Remote Playback API is used if the browser offers it for this element.
 */
export async function linkCast(host: CastHost, options: CastOptions): Promise<CastLink | undefined> {
  // An element outside any document (or a test's stand-in) has no window to cast from.
  const win = (host.video.ownerDocument as Document | undefined)?.defaultView ?? null;
  const chromium = win !== null && win.isSecureContext && 'chrome' in win;
  const sdk = chromium ? await loadCastSdk(win, options.sdkUrl) : undefined;
  if (sdk) return new ChromecastLink(host, sdk, options.receiverApplicationId);
  return RemotePlaybackLink.create(host);
}
