import type { Page } from '@playwright/test';
import { expect, expectFramesAdvance, fetchStreamInfo, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { urlSource } from './engine-harness/url-source';
import { summarizeLatency } from './probe/latency-summary';
import { startVodFixtures, type VodFixtures } from './vod/vod-fixtures';

/**
 * What the shared engine specs do not check of the VHS engine. video.js takes over the element it
 * is given (wraps it, rewrites its attributes, removes it on dispose): the engine must lend the
 * core's one <video> and give the same element back, in place and as it was, so the next engine
 * plays in it. And VHS lays media on a timeline of its own, which the engine maps back to the
 * stream's through the playlist's program dates.
 */
let fixtures: VodFixtures;
test.beforeAll(async () => {
  fixtures = await startVodFixtures();
});
test.afterAll(async () => {
  await fixtures?.close();
});

interface ElementSnapshot {
  /** The document's element with the harness's test id is the one the page lent (same object). */
  same: boolean;
  attributes: string[];
  parent: string | undefined;
  previous: string | undefined;
  next: string | undefined;
  /** video.js wrappers and `<style class="vjs-styles-…">` in the document. */
  wrappers: number;
  styles: number;
}

/** Reads the lent element itself, so a lost element fails at once instead of a locator waiting. */
function snapshot(page: Page): Promise<ElementSnapshot> {
  return page.evaluate(() => {
    const element = (window as unknown as { __lent: Element }).__lent;
    return {
      same: document.querySelector('[data-testid="engine-video"]') === element && element.isConnected,
      attributes: element
        .getAttributeNames()
        .filter((name) => name !== 'src')
        .map((name) => `${name}=${element.getAttribute(name)}`)
        .sort(),
      parent: element.parentElement?.id,
      previous: element.previousElementSibling?.id,
      next: element.nextElementSibling?.id,
      wrappers: document.querySelectorAll('.video-js, [data-vjs-player]').length,
      styles: document.querySelectorAll('style[class^="vjs-styles"]').length,
    };
  });
}

test('engine vhs lends the element and gives it back in place, as it was', async ({ openPlayer }) => {
  const viewer = await openPlayer();
  const page = await new EnginePage(viewer.page).open();
  // What a host page gives its element: an id, classes, a style, a tab stop, a box and neighbours.
  await page.video.evaluate((element) => {
    const video = element as HTMLVideoElement;
    const stage = Object.assign(document.createElement('div'), { id: 'stage' });
    video.replaceWith(stage);
    stage.append(
      Object.assign(document.createElement('span'), { id: 'before' }),
      video,
      Object.assign(document.createElement('span'), { id: 'after' }),
    );
    video.id = 'main-video';
    video.className = 'stage-video fill';
    video.style.objectFit = 'contain';
    video.tabIndex = 3;
    (window as unknown as { __lent: Element }).__lent = video;
  });
  const before = await snapshot(page.page);
  expect(before).toMatchObject({ same: true, parent: 'stage', previous: 'before', next: 'after' });

  await page.play('vhs', { source: urlSource(fixtures.hls, 'hls') });
  await expectFramesAdvance(page, 20_000);
  const playing = await snapshot(page.page);
  // While VHS plays, the element stays where it was (no wrapper in the layout) with its identity.
  expect({ ...playing, attributes: undefined }).toEqual({ ...before, attributes: undefined });
  for (const name of ['id', 'class', 'style', 'tabindex', 'data-testid']) {
    expect(playing.attributes.filter((a) => a.startsWith(`${name}=`))).toEqual(
      before.attributes.filter((a) => a.startsWith(`${name}=`)),
    );
  }

  await page.dispose();
  expect(await snapshot(page.page)).toEqual(before);
  expect((await page.state()).readyState).toBe(0);

  // The next engine plays in the same element.
  await page.play('native', { source: urlSource(fixtures.mp4, 'mp4') });
  await expectFramesAdvance(page, 20_000);
  expect((await snapshot(page.page)).same).toBe(true);
  await page.dispose();
});

test('engine vhs maps the frame on screen to stream time', async ({ stream, openStudio, openPlayer }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const viewer = await openPlayer();
  const info = await fetchStreamInfo(viewer.page.request, stream);
  const source = info.sources.find((s) => s.protocol === 'll-hls');
  expect(source, 'll-hls listed').toBeDefined();

  const page = await new EnginePage(viewer.page).open();
  await page.play('vhs', { stream, source: source! });
  await expectFramesAdvance(page, 20_000);
  const latency = summarizeLatency(await page.latency(), 10).medianMs;
  const { streamMs, unixMs: nowMs } = await page.streamTime();
  // The frame on screen was captured `latency` ago, and stream time 0 was `startUnixMs`.
  const expected = nowMs - latency! - info.timeline.startUnixMs;
  console.log(`engine vhs stream time of the displayed frame: ${JSON.stringify({ streamMs, expected })}`);
  expect(streamMs).toBeDefined();
  expect(Math.abs(streamMs! - expected)).toBeLessThan(1_000);
  await page.dispose();
  await studio.stop();
});
