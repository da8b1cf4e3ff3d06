import { expect, expectFramesAdvance, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { summarizeLatency } from './probe/latency-summary';

/**
 * The mse-ws engine's own live sync, DVR and audio-only switch, on the studio's live test pattern.
 * Latency figures are printed; the only bound asserted is a loose one (a shared, noisy machine).
 */
test('engine mse-ws converges to the live edge, seeks back (DVR), returns live and switches to audio only', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  test.setTimeout(120_000);
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const viewer = await openPlayer();
  const info = (await (await viewer.page.request.get(`/api/streams/${stream}`)).json()) as {
    sources: { protocol: string }[];
  };
  const source = info.sources.find((s) => s.protocol === 'ws-mp4');
  expect(source, 'ws-mp4 listed').toBeDefined();

  const page = await new EnginePage(viewer.page).open();
  await page.play('mse-ws', { source: source as never });
  await expectFramesAdvance(page, 20_000);
  const playbackRate = () => page.video.evaluate((v) => (v as HTMLVideoElement).playbackRate);

  // Latency converges: sampled once a second for 12 s.
  const timeline: string[] = [];
  for (let second = 1; second <= 12; second++) {
    await viewer.page.waitForTimeout(1_000);
    const { harness } = await page.state();
    const stats = (await page.stats()) as { bufferSeconds?: number };
    timeline.push(
      `${second}s: latency ${ms(harness.liveLatency)} buffer ${ms(stats.bufferSeconds)} rate ${await playbackRate()}`,
    );
  }
  const settled = await page.state();
  const stalls = settled.harness.events.filter((e) => e.type === 'stalled').length;
  console.log(`engine mse-ws catch-up (lowest): ${timeline.join(' | ')}; stalls ${stalls}`);
  console.log(
    `engine mse-ws glass-to-glass after convergence: ${JSON.stringify({
      ...summarizeLatency(await page.latency(), 150),
      engineLatencyMs: ms(settled.harness.liveLatency),
    })}`,
  );
  expect(settled.harness.events.filter((e) => e.type === 'error')).toEqual([]);
  // Converged: below 1.5 s (loose: a starved CPU decodes late and stalls, which adds latency).
  await expect.poll(async () => (await page.harness()).liveLatency, { timeout: 10_000 }).toBeLessThan(1.5);

  // DVR, local: 5 s back is still buffered.
  const before = (await page.state()).currentTime;
  await page.seek(before - 5);
  await expect
    .poll(async () => (await page.state()).currentTime, { timeout: 5_000 })
    .toBeLessThan(before - 3);
  await expectFramesAdvance(page, 10_000);
  const behind = await page.state();
  // Behind live it stays behind: no catch-up while time-shifted.
  expect(behind.harness.liveLatency).toBeGreaterThan(3);
  expect(await playbackRate()).toBe(1);

  // DVR, from the server: the window's start was never buffered (playback began at the edge).
  const range = behind.harness.seekRange!;
  expect(range.end - range.start).toBeGreaterThan(10);
  const old = range.start + 1;
  await page.seek(old);
  await expect.poll(async () => (await page.state()).currentTime, { timeout: 10_000 }).toBeLessThan(old + 3);
  await expectFramesAdvance(page, 10_000);
  const far = await page.state();
  expect(far.currentTime).toBeGreaterThanOrEqual(range.start);
  console.log(
    `engine mse-ws DVR: seek window [${range.start.toFixed(1)}, ${range.end.toFixed(1)}], at ${far.currentTime.toFixed(1)}, latency ${ms(far.harness.liveLatency)}`,
  );

  // Back to live.
  await page.goLive();
  await expect
    .poll(async () => (await page.state()).harness.liveLatency, { timeout: 10_000 })
    .toBeLessThan(1.5);
  await expectFramesAdvance(page, 10_000);

  // Audio only: video stops, audio goes on; then both again.
  await page.setQuality('audio-only');
  await expect
    .poll(async () => (await page.harness()).tracks?.activeQuality, { timeout: 10_000 })
    .toBe('audio-only');
  await expect.poll(async () => (await page.state()).paused, { timeout: 5_000 }).toBe(false);
  const audioOnly = await page.state();
  await expect
    .poll(async () => (await page.state()).audioDecodedBytes, { timeout: 5_000 })
    .toBeGreaterThan(audioOnly.audioDecodedBytes);
  expect(await page.countPresentedFrames(1_500)).toBe(0);
  expect((await page.state()).videoWidth).toBe(0);

  await page.setQuality('auto');
  await expect
    .poll(async () => (await page.harness()).tracks?.activeQuality, { timeout: 10_000 })
    .toBe('video');
  await expectFramesAdvance(page, 10_000);
  const both = await page.state();
  await expect
    .poll(async () => (await page.state()).audioDecodedBytes, { timeout: 5_000 })
    .toBeGreaterThan(both.audioDecodedBytes);
  expect(both.harness.events.filter((e) => e.type === 'error')).toEqual([]);

  // Pause holds the server (nothing received); play resumes at the live edge.
  await page.video.evaluate((v) => (v as HTMLVideoElement).pause());
  await viewer.page.waitForTimeout(3_500);
  const held = (await page.stats()) as { bitrate?: number };
  expect(held.bitrate ?? 0).toBeLessThan(20_000);
  await page.video.evaluate((v) => (v as HTMLVideoElement).play());
  await expectFramesAdvance(page, 10_000);
  await expect.poll(async () => (await page.harness()).liveLatency, { timeout: 10_000 }).toBeLessThan(1.5);

  // The publish ends: the buffer plays out, then `complete` (not `ended`: nothing broke).
  await studio.stop();
  await expect
    .poll(async () => (await page.harness()).events.map((e) => e.type), { timeout: 15_000 })
    .toContain('complete');
  const done = await page.harness();
  console.log(`engine mse-ws events: ${done.events.map((e) => e.type).join(' ')}`);
  expect(done.events.filter((e) => e.type === 'ended' || e.type === 'error')).toEqual([]);
  await page.dispose();
});

function ms(seconds: number | undefined): string {
  return seconds === undefined ? '-' : `${Math.round(seconds * 1000)}ms`;
}
