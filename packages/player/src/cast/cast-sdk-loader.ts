/// <reference types="chromecast-caf-sender" />

/** Google's Cast Web Sender SDK with the Cast Application Framework (`cast.framework`). */
export const CAST_SDK_URL = 'https://www.gstatic.com/cv/js/sender/v1/cast_sender.js?loadCastFramework=1';

/** The SDK's two globals, reduced to what Brume uses (the test fake provides exactly this). */
export interface CastSdk {
  framework: typeof cast.framework;
  chromeCast: Pick<typeof chrome.cast, 'AutoJoinPolicy' | 'Image'> & {
    media: Pick<
      typeof chrome.cast.media,
      | 'DEFAULT_MEDIA_RECEIVER_APP_ID'
      | 'StreamType'
      | 'PlayerState'
      | 'MetadataType'
      | 'TrackType'
      | 'MediaInfo'
      | 'GenericMediaMetadata'
      | 'LoadRequest'
      | 'EditTracksInfoRequest'
    >;
  };
}

type CastWindow = Window & {
  __onGCastApiAvailable?: (available: boolean, reason?: string) => void;
  chrome?: { cast?: typeof chrome.cast };
};

const loads = new WeakMap<Window, Promise<CastSdk | undefined>>();

/**
 * Loads the sender SDK once per window. The SDK calls `window.__onGCastApiAvailable(available)` when
 * it has loaded (the documented hook; it must be set before the script runs): `false` means this
 * browser cannot cast (not Chromium, no Presentation API), so the promise settles `undefined`, as
 * it does when the script cannot load (offline, blocked).
 */
export function loadCastSdk(win: Window, url: string = CAST_SDK_URL): Promise<CastSdk | undefined> {
  let load = loads.get(win);
  if (load) return load;
  load = afterLoad(win).then(() => inject(win, url));
  loads.set(win, load);
  return load;
}

/**
 * A script added before the page's `load` event holds that event back until it settles; the SDK is
 * a third party's and never needed for the first picture, so it waits.
 */
function afterLoad(win: Window): Promise<void> {
  if (win.document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => win.addEventListener('load', () => resolve(), { once: true }));
}

function inject(win: Window, url: string): Promise<CastSdk | undefined> {
  return new Promise<CastSdk | undefined>((resolve) => {
    const w = win as CastWindow;
    const previous = w.__onGCastApiAvailable;
    w.__onGCastApiAvailable = (available, reason) => {
      // Another script on the page may be waiting for the SDK too.
      previous?.(available, reason);
      const chromeCast = w.chrome?.cast;
      resolve(
        available && w.cast?.framework && chromeCast
          ? { framework: w.cast.framework, chromeCast }
          : undefined,
      );
    };
    const script = win.document.createElement('script');
    script.src = url;
    script.async = true;
    script.onerror = () => resolve(undefined);
    win.document.head.append(script);
  });
}
