import { describe, expect, it } from 'vitest';
import { CAST_SDK_URL, loadCastSdk } from './cast-sdk-loader';
import { installFakeCastSdk } from './testing/fake-cast-sdk';

/** A window whose document records the scripts added to it (nothing is fetched). */
function fakeWindow(readyState: DocumentReadyState = 'complete') {
  const scripts: { src: string; async: boolean; onerror: (() => void) | null }[] = [];
  const onLoad: (() => void)[] = [];
  const win = {
    document: {
      readyState,
      createElement: () => ({ src: '', async: false, onerror: null }),
      head: { append: (script: (typeof scripts)[number]) => scripts.push(script) },
    },
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'load') onLoad.push(listener);
    },
  };
  const load = () => onLoad.forEach((listener) => listener());
  return { win: win as unknown as Window & Record<string, unknown>, scripts, load };
}

const microtasks = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('loadCastSdk', () => {
  it("adds Google's script once and resolves with the SDK when it calls __onGCastApiAvailable(true)", async () => {
    const { win, scripts } = fakeWindow();
    const load = loadCastSdk(win);
    expect(loadCastSdk(win)).toBe(load);
    await microtasks();
    expect(scripts.map((s) => [s.src, s.async])).toEqual([[CAST_SDK_URL, true]]);
    expect(CAST_SDK_URL).toBe('https://www.gstatic.com/cv/js/sender/v1/cast_sender.js?loadCastFramework=1');
    const sdk = installFakeCastSdk(win); // what the script does when it runs
    const loaded = await load;
    expect(loaded?.framework).toBe(sdk.framework);
    expect(loaded?.chromeCast).toBe(sdk.chromeCast);
  });

  it('chains a callback another script set before it', async () => {
    const { win } = fakeWindow();
    const calls: boolean[] = [];
    win.__onGCastApiAvailable = (available: boolean) => calls.push(available);
    const load = loadCastSdk(win, 'https://cdn.example/cast.js');
    await microtasks();
    installFakeCastSdk(win);
    expect(await load).toBeDefined();
    expect(calls).toEqual([true]);
  });

  it('settles undefined when the browser cannot cast or the script does not load', async () => {
    const refused = fakeWindow();
    const load = loadCastSdk(refused.win);
    await microtasks();
    (refused.win.__onGCastApiAvailable as (available: boolean) => void)(false);
    expect(await load).toBeUndefined();

    const offline = fakeWindow();
    const failed = loadCastSdk(offline.win);
    await microtasks();
    offline.scripts[0]!.onerror!();
    expect(await failed).toBeUndefined();
  });

  it("waits for the page's load event before adding the script (it would hold the event back)", async () => {
    const { win, scripts, load } = fakeWindow('interactive');
    void loadCastSdk(win);
    await microtasks();
    expect(scripts).toEqual([]);
    load();
    await microtasks();
    expect(scripts.map((s) => s.src)).toEqual([CAST_SDK_URL]);
  });
});
