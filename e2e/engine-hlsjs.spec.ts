import { expect, expectFramesAdvance, fetchStreamInfo, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { summarizeLatency } from './probe/latency-summary';

/**
 * What the hls.js engine adds over the shared engine spec on Brume's LL-HLS: media time maps to the
 * stream timeline through EXT-X-PROGRAM-DATE-TIME, `goLive()` lands near the edge, and the end of a
 * publish (EXT-X-ENDLIST) plays out to `complete`.
 */
test('engine hlsjs maps media time to stream time and completes when the publish ends', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const viewer = await openPlayer();
  const page = await new EnginePage(viewer.page).open();
  // With the stream's own info (not a synthetic one), so the engine knows `timeline.startUnixMs`.
  await page.play('hlsjs', { stream });
  await expectFramesAdvance(page, 20_000);

  const { timeline } = await fetchStreamInfo(viewer.page.request, stream);
  const first = await page.streamTime();
  expect(first.streamMs).toBeDefined();
  // How old the frame on screen is by its PDT-derived stream time, against how old the probe reads
  // it to be from the timecode painted into it: the same latency, but for capture, encoding and
  // ingest before the relay stamps stream time (a few hundred ms) and the probe's window of recent
  // frames. Reading media time as stream time instead would be off by the window's first segment.
  const ageMs = first.unixMs - timeline.startUnixMs - first.streamMs!;
  const probed = summarizeLatency(await page.latency(), 15).medianMs!;
  console.log(`engine hlsjs: frame age by PDT ${Math.round(ageMs)} ms, by timecode ${probed} ms`);
  expect(Math.abs(ageMs - probed)).toBeLessThan(1_000);

  await viewer.page.waitForTimeout(3_000);
  const later = await page.streamTime();
  // Across segment boundaries, stream time follows media time (each segment's own PDT agrees).
  expect(later.mediaTime! - first.mediaTime!).toBeGreaterThan(0.5);
  expect(later.streamMs! - first.streamMs!).toBeCloseTo((later.mediaTime! - first.mediaTime!) * 1000, -2);

  // Back to the start of the DVR window, where hls.js must leave the viewer (no seek to the edge)…
  await page.seek(0);
  await expect.poll(async () => (await page.state()).harness.liveLatency ?? 0).toBeGreaterThan(6);
  await viewer.page.waitForTimeout(2_000);
  const behind = (await page.state()).harness.liveLatency!;
  expect(behind).toBeGreaterThan(6);
  // …until goLive() takes it back near the edge (the target grows by up to 2 s after stalls).
  await page.goLive();
  await expect
    .poll(async () => (await page.state()).harness.liveLatency ?? Infinity, { timeout: 10_000 })
    .toBeLessThan(behind - 3);

  await studio.stop();
  await expect
    .poll(async () => (await page.harness()).events.map((e) => e.type), { timeout: 30_000 })
    .toContain('complete');
  const ended = await page.harness();
  expect(ended.isLive).toBe(false);
  expect(ended.events.filter((e) => e.type === 'error')).toEqual([]);
  await page.dispose();
});
