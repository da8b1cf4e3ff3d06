import type { Scene } from '@brume/studio';
import { layer } from './compositor-harness/scene-fixtures';
import { expect, test } from './fixtures';
import { CdpBrowser } from './headed/cdp-browser';
import { CdpCompositorPage } from './headed/cdp-compositor-page';

/**
 * The compositor keeps its frame rate when the studio's tab is hidden: its clock is a worker timer,
 * not requestAnimationFrame (which stops in a hidden tab) nor a main-thread timer (throttled to 1 Hz
 * and less). A real hidden tab needs a headed Chromium (under Xvfb) not attached by Playwright: see
 * `headed/cdp-browser.ts`. The check is a ratio of the hidden pass to the visible one on the same
 * machine, and the tab's animation frames prove it really was hidden.
 */
const PASS_MS = 6000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const scene: Scene = {
  id: 'hidden',
  name: 'Hidden',
  layers: [
    layer('pattern', 'pattern'),
    layer('band', 'band', { x: 0, y: 0.8, width: 1, height: 0.15, opacity: 0.8 }),
  ],
};

test('the compositor keeps its frame rate in a hidden tab', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const browser = await CdpBrowser.launch();
  try {
    const tab = await browser.openTab(`${baseURL}/api/streams`);
    const compositor = await new CdpCompositorPage(tab).open();
    await compositor.call('start', { width: 1280, height: 720, frameRate: 30, renderer: 'auto' });
    await compositor.call('setPatternTrack', 'pattern', 1280, 720);
    await compositor.call('setFill', 'band', '#203060');
    await compositor.call('setProgram', scene);
    await sleep(2000);

    const measure = async () => {
      const from = (await compositor.call('statsLog')).length;
      const frames = await compositor.animationFrames();
      const started = Date.now();
      await sleep(PASS_MS);
      const log = (await compositor.call('statsLog')).slice(from);
      const seconds = (Date.now() - started) / 1000;
      return {
        fps: (log.at(-1)!.framesRendered - log[0]!.framesRendered) / Math.max(1, log.length - 1),
        visibility: [...new Set(log.map((entry) => entry.visibility))],
        animationFramesPerSecond: ((await compositor.animationFrames()) - frames) / seconds,
      };
    };

    const visible = await measure();
    const cover = await browser.openTab('about:blank');
    const hidden = await measure();
    await cover.close();
    console.log(`compositor 720p30: visible ${JSON.stringify(visible)}, hidden ${JSON.stringify(hidden)}`);

    expect(visible.visibility).toEqual(['visible']);
    expect(hidden.visibility).toEqual(['hidden']);
    // The tab really was throttled: the main thread's animation frames (nearly) stopped.
    expect(hidden.animationFramesPerSecond).toBeLessThan(visible.animationFramesPerSecond * 0.1);
    // The compositor was not.
    expect(visible.fps).toBeGreaterThan(10);
    expect(hidden.fps).toBeGreaterThan(visible.fps * 0.8);
    expect(await compositor.call('errors')).toEqual([]);
    await compositor.call('dispose');
  } finally {
    await browser.close();
  }
});
