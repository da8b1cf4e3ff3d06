import type { Page } from '@playwright/test';
import type { PlayerTestBridge } from '@brume/player';
import type { ReceiverCommand } from '../packages/player/src/cast/testing/fake-cast-sdk';
import { expect, fetchStreamInfo, test } from './fixtures';
import { pageBundle } from './page-bundle';
import type { PlayerPage } from './pages/player-page';
import { DURATION_S, startVodFixtures, type VodFixtures } from './vod/vod-fixtures';

/**
 * Chromecast from the demo player. Google's SDK cannot load here, so the SDK URL is routed to
 * `cast-harness/fake-cast-sender.ts` (the fake CAF sender typed against @types/chromecast-caf-sender,
 * one simulated receiver): the player's own loader requests the real URL, sets
 * `__onGCastApiAvailable` and gets the SDK's globals. The player plays the studio's test pattern over
 * WHEP; a device appears, the viewer casts: the receiver is asked to load the stream's LL-HLS URL
 * (absolute, fetchable, LIVE, no start position, the stream's title), the local engine stops (WHEP
 * DELETE, no media requests, no frames), the skin says "Casting to Living Room TV", and the
 * control bar's play/pause, seek (j), volume (↓) and mute each reach the receiver as a command and
 * come back as state. Stopping the cast plays WHEP again. A VoD (ffmpeg-made HLS on a plain server,
 * paused at 4 s) is loaded BUFFERED at 4 s; the receiver plays on to 6 s and pauses; after the cast
 * the page's own player stands paused at 6 s. With `cast=off` the SDK URL is never requested and
 * there is no cast button.
 */

const SDK_URL = 'https://www.gstatic.com/cv/js/sender/v1/cast_sender.js?loadCastFramework=1';

/** Serves the fake in place of any gstatic.com script; returns the URLs the page asked for. */
async function serveFakeSdk(page: Page): Promise<string[]> {
  const requested: string[] = [];
  const body = await pageBundle(new URL('./cast-harness/fake-cast-sender.ts', import.meta.url));
  await page.route(
    (url) => url.hostname === 'www.gstatic.com',
    async (route) => {
      requested.push(route.request().url());
      await route.fulfill({ contentType: 'text/javascript', body });
    },
  );
  return requested;
}

function commands(page: Page): Promise<ReceiverCommand[]> {
  return page.evaluate(
    () => JSON.parse(JSON.stringify(window.__fakeCast!.receiver.commands)) as ReceiverCommand[],
  );
}

/** Commands after the first `skip`, by type (and value), for compact assertions. */
async function commandsAfter(page: Page, skip: number): Promise<string[]> {
  return (await commands(page))
    .slice(skip)
    .map((c) =>
      c.type === 'seek' ? `seek ${c.time}` : c.type === 'volume' ? `volume ${c.level.toFixed(2)}` : c.type,
    );
}

/**
 * Shows the control bar and keeps it shown: the pointer moves over the player (controls appear),
 * then rests on the bar (the skin does not hide controls under the pointer), so a slow step before
 * the next click cannot let them idle away.
 */
async function showControls(player: PlayerPage): Promise<void> {
  await player.root.hover();
  await player.page.locator('.brume-controls').hover();
}

test('casts the LL-HLS of a stream played over WHEP, drives the receiver, and plays locally again after', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await openPlayer();
  const page = player.page;
  const sdkRequests = await serveFakeSdk(page);
  await player.openDemo(stream);
  await player.expectStatus('playing', 30_000);
  expect((await player.state()).engine).toBe('whep');
  expect(sdkRequests).toEqual([SDK_URL]);
  await expect
    .poll(async () => (await player.state()).cast)
    .toEqual({
      kind: 'chromecast',
      available: false,
      session: 'none',
      device: undefined,
    });
  await expect(page.getByTestId('cast-button')).toHaveCount(0);

  // A Cast device appears on the network.
  await page.evaluate(() => window.__fakeCast!.setDevicesAvailable(true));
  await showControls(player);
  const castButton = page.getByTestId('cast-button');
  await expect(castButton).toHaveAttribute('aria-label', 'Cast');

  const whepDeletes: string[] = [];
  const mediaRequests: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'DELETE' && path.startsWith('/whep/')) whepDeletes.push(path);
    if (/^\/(whep|hls|dash|ws)\//.test(path)) mediaRequests.push(`${request.method()} ${path}`);
  });
  const localVolume = await player.video.evaluate((v) => [
    (v as HTMLVideoElement).volume,
    (v as HTMLVideoElement).muted,
  ]);
  await castButton.click();
  await expect(page.getByTestId('cast-overlay')).toHaveText('Casting to Living Room TV');
  await expect(castButton).toHaveAttribute('aria-label', 'Stop casting');

  // The load request: the stream's LL-HLS, absolute and reachable, live, at the live edge.
  const info = await fetchStreamInfo(page.request, stream);
  const hls = info.sources.find((s) => s.protocol === 'll-hls');
  expect(hls).toBeDefined();
  const [load] = await commands(page);
  if (load?.type !== 'load') throw new Error(`first receiver command is ${load?.type}, not load`);
  expect(load.request.media).toMatchObject({
    contentId: hls!.url,
    contentType: 'application/vnd.apple.mpegurl',
    streamType: 'LIVE',
    metadata: { title: stream },
  });
  expect(new URL(load.request.media.contentId).origin).toBe(new URL(page.url()).origin);
  expect(load.request.currentTime).toBeNull();
  expect(load.request.autoplay).toBe(true);
  const playlist = await page.request.get(load.request.media.contentId);
  expect(playlist.status()).toBe(200);
  expect(await playlist.text()).toMatch(/^#EXTM3U/);

  // The local engine stopped: WHEP session deleted, element paused, no frames, no media requests.
  await expect.poll(() => whepDeletes.length).toBe(1);
  expect(await player.video.evaluate((v) => (v as HTMLVideoElement).paused)).toBe(true);
  const requestsBefore = mediaRequests.length;
  expect(await player.countPresentedFrames(2_000)).toBe(0);
  expect(mediaRequests.slice(requestsBefore)).toEqual([]);
  expect(await player.state()).toMatchObject({
    status: 'playing',
    paused: false,
    live: true,
    atLiveEdge: true,
    cast: { session: 'connected', device: 'Living Room TV' },
  });

  // Play/pause through the control bar: the command goes out, the receiver's state comes back.
  await showControls(player);
  const playToggle = page.getByTestId('play-toggle');
  await expect(playToggle).toHaveAttribute('aria-label', 'Pause');
  await playToggle.click();
  await expect(playToggle).toHaveAttribute('aria-label', 'Play');
  await playToggle.click();
  await expect(playToggle).toHaveAttribute('aria-label', 'Pause');
  expect(await commandsAfter(page, 1)).toEqual(['pause', 'play']);

  // Seek back 10 s within the receiver's DVR window (j), then time passes on the receiver.
  const edge = await page.evaluate(() => window.__fakeCast!.receiver.liveEdge);
  await player.root.press('j');
  await expect.poll(async () => (await player.state()).currentTime).toBe(edge - 10);
  expect(await player.state()).toMatchObject({ liveLatency: 10, atLiveEdge: false });
  await expect(page.getByTestId('seek-bar')).toHaveAttribute('aria-valuetext', /behind live/);
  await page.evaluate(() => window.__fakeCast!.receiver.advance(3));
  await expect.poll(async () => (await player.state()).currentTime).toBe(edge - 7);

  // Volume down (↓) and mute.
  await player.root.press('ArrowDown');
  await expect.poll(async () => (await player.state()).volume).toBeCloseTo(0.95, 5);
  await showControls(player);
  await page.getByTestId('mute-toggle').click();
  await expect.poll(async () => (await player.state()).muted).toBe(true);
  expect(await commandsAfter(page, 3)).toEqual([`seek ${edge - 10}`, 'volume 0.95', 'mute']);
  // The local element was never touched by those controls.
  expect(
    await player.video.evaluate((v) => [(v as HTMLVideoElement).volume, (v as HTMLVideoElement).muted]),
  ).toEqual(localVolume);

  // Stop casting: the receiver stops, local playback comes back at the live edge over WHEP.
  await showControls(player);
  await castButton.click();
  await expect(page.getByTestId('cast-overlay')).toBeHidden();
  expect((await commands(page)).at(-1)).toEqual({ type: 'stop' });
  await player.expectStatus('playing', 30_000);
  await expect.poll(() => player.countPresentedFrames(1_000), { timeout: 20_000 }).toBeGreaterThan(5);
  expect(await player.state()).toMatchObject({
    engine: 'whep',
    live: true,
    paused: false,
    volume: localVolume[0],
    muted: localVolume[1],
    cast: { session: 'none', available: true },
  });
});

test('a viewer back in the DVR window is put as far behind the receiver live edge', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await openPlayer();
  const page = player.page;
  await serveFakeSdk(page);
  // The WebSocket engine seeks within the relay's DVR window (WHEP plays only the live edge).
  await player.openDemo(stream, { engine: 'mse-ws', protocol: 'ws-mp4' });
  await player.expectStatus('playing', 30_000);
  // Enough stream behind the edge to go 10 s back.
  await expect
    .poll(
      async () => {
        const { seekable } = await player.state();
        return seekable ? seekable.end - seekable.start : 0;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(14);
  await page.evaluate(() => {
    const core = (window as { __brume?: PlayerTestBridge }).__brume!.player!;
    const { seekable } = core.getState();
    core.seek(seekable!.end - 10);
  });
  await expect
    .poll(async () => (await player.state()).liveLatency ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(7);
  const readAt = Date.now();
  const behind = (await player.state()).liveLatency!;

  await page.evaluate(() => window.__fakeCast!.setDevicesAvailable(true));
  await showControls(player);
  await page.getByTestId('cast-button').click();
  await expect(page.getByTestId('cast-overlay')).toHaveText('Casting to Living Room TV');
  // Loaded LIVE (from the receiver's edge), then moved back by the viewer's distance from live.
  await expect
    .poll(async () => (await commands(page)).map((c) => c.type).slice(0, 2))
    .toEqual(['load', 'seek']);
  const castAfterS = (Date.now() - readAt) / 1000;
  const [load, seek] = await commands(page);
  if (load?.type !== 'load' || seek?.type !== 'seek') throw new Error('expected load, then seek');
  expect(load.request.media.streamType).toBe('LIVE');
  const edge = await page.evaluate(() => window.__fakeCast!.receiver.liveEdge);
  // The viewer's distance from live when casting began: what was read before the click, plus at most
  // the time the click took to reach the hand-over (the local player may stall meanwhile).
  const put = edge - seek.time;
  expect(put).toBeGreaterThan(behind - 1);
  expect(put).toBeLessThan(behind + castAfterS + 1);
  await expect.poll(async () => (await player.state()).atLiveEdge).toBe(false);
});

test('with cast=off the Cast SDK is never requested and there is no cast button', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await openPlayer();
  const sdkRequests = await serveFakeSdk(player.page);
  await player.openDemo(stream, { cast: 'off' });
  await player.expectStatus('playing', 30_000);
  await expect.poll(() => player.countPresentedFrames(1_000)).toBeGreaterThan(5);
  expect(sdkRequests).toEqual([]);
  expect((await player.state()).cast).toBeUndefined();
  await expect(player.page.getByTestId('cast-button')).toHaveCount(0);
});

test.describe('VoD', () => {
  let fixtures: VodFixtures;
  test.beforeAll(async () => {
    fixtures = await startVodFixtures();
  });
  test.afterAll(async () => {
    await fixtures?.close();
  });

  test('a VoD is cast at the local position, and taken back where the receiver was', async ({
    openPlayer,
  }) => {
    const player = await openPlayer();
    const page = player.page;
    await serveFakeSdk(page);
    await player.openDemo('', { src: fixtures.hls });
    await player.expectStatus('playing', 30_000);
    expect((await player.state()).live).toBe(false);
    await page.evaluate(() => {
      const core = (window as { __brume?: PlayerTestBridge }).__brume!.player!;
      core.pause();
      core.seek(4);
    });
    await expect
      .poll(async () => {
        const state = await player.state();
        return state.paused && Math.abs(state.currentTime - 4) < 0.1;
      })
      .toBe(true);

    await page.evaluate((duration) => {
      window.__fakeCast!.receiver.setup.vodDurationS = duration;
      window.__fakeCast!.setDevicesAvailable(true);
    }, DURATION_S);
    await showControls(player);
    await page.getByTestId('cast-button').click();
    await expect(page.getByTestId('cast-overlay')).toHaveText('Casting to Living Room TV');
    const [load] = await commands(page);
    if (load?.type !== 'load') throw new Error(`first receiver command is ${load?.type}, not load`);
    expect(load.request.media).toMatchObject({
      contentId: fixtures.hls,
      contentType: 'application/vnd.apple.mpegurl',
      streamType: 'BUFFERED',
    });
    expect(Math.abs(load.request.currentTime - 4)).toBeLessThan(0.1);
    await expect
      .poll(async () => {
        const { duration, seekable, live, paused } = await player.state();
        return { duration, seekable, live, paused };
      })
      .toEqual({ duration: DURATION_S, seekable: { start: 0, end: DURATION_S }, live: false, paused: false });

    // The receiver plays 2 s on, then the viewer pauses it from the page.
    await page.evaluate(() => window.__fakeCast!.receiver.advance(2));
    await showControls(player);
    await page.getByTestId('play-toggle').click();
    await expect.poll(async () => (await player.state()).paused).toBe(true);
    const receiverAt = await page.evaluate(() => window.__fakeCast!.remotePlayer.currentTime);
    expect(Math.abs(receiverAt - 6)).toBeLessThan(0.1);

    await showControls(player);
    await page.getByTestId('cast-button').click();
    await expect(page.getByTestId('cast-overlay')).toBeHidden();
    await expect
      .poll(() => player.video.evaluate((v) => (v as HTMLVideoElement).currentTime), { timeout: 20_000 })
      .toBeCloseTo(receiverAt, 0);
    expect(await player.video.evaluate((v) => (v as HTMLVideoElement).paused)).toBe(true);
    expect(await player.state()).toMatchObject({ paused: true, live: false, cast: { session: 'none' } });
  });
});
