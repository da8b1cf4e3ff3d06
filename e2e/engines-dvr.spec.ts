import { expect, expectFramesAdvance, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';

/**
 * DVR on live HTTP streaming: after some seconds of a live publish, each engine seeks back inside
 * its seekable window, plays from there (well behind the edge), and `goLive()` brings it back near
 * the edge. (The WebSocket engine's DVR is in engine-mse-ws.spec.ts.)
 */
const ENGINES = [
  { engine: 'hlsjs', protocol: 'll-hls' },
  { engine: 'dashjs', protocol: 'll-dash' },
  { engine: 'shaka', protocol: 'll-dash' },
] as const;

for (const { engine, protocol } of ENGINES) {
  test(`engine ${engine} seeks back in the ${protocol} DVR window and returns live`, async ({
    stream,
    openStudio,
    openPlayer,
  }) => {
    const studio = await (await openStudio()).open(stream, 'pattern');
    await studio.goLive();
    // Build up a window of several segments before the viewer joins.
    await studio.page.waitForTimeout(10_000);
    const viewer = await openPlayer();
    const info = (await (await viewer.page.request.get(`/api/streams/${stream}`)).json()) as {
      sources: { protocol: string }[];
    };
    const source = info.sources.find((s) => s.protocol === protocol);
    const page = await new EnginePage(viewer.page).open();
    await page.play(engine, { stream, source: source as never });
    await expectFramesAdvance(page, 20_000);

    const { seekRange } = await page.harness();
    expect(seekRange, 'a live DVR window').toBeDefined();
    expect(seekRange!.end - seekRange!.start).toBeGreaterThan(6);
    const target = seekRange!.end - 6;
    await page.seek(target);
    await expect
      .poll(async () => (await page.harness()).liveLatency ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(4);
    await expectFramesAdvance(page, 10_000);
    // Still behind after a few seconds: the engine's live sync does not pull a DVR viewer back.
    await viewer.page.waitForTimeout(3_000);
    expect((await page.harness()).liveLatency ?? 0).toBeGreaterThan(3.5);

    await page.goLive();
    await expect
      .poll(async () => (await page.harness()).liveLatency ?? Infinity, { timeout: 15_000 })
      .toBeLessThan(3);
    await expectFramesAdvance(page, 10_000);
    await page.dispose();
    await studio.stop();
  });
}
