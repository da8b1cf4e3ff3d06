import type { StreamInfo } from '@brume/protocol';
import { expect, test } from './fixtures';
import { ProgressivePage } from './pages/progressive-page';
import { summarizeLatency } from './probe/latency-summary';

test('a plain <video src="/NAME.mp4"> plays the studio test pattern as a live fragmented MP4', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();

  const viewer = await openPlayer();
  const info = (await (
    await viewer.page.request.get(`/api/streams/${encodeURIComponent(stream)}`)
  ).json()) as StreamInfo;
  expect(info.state).toBe('live');
  const mp4 = info.sources.find((source) => source.protocol === 'mp4');
  expect(mp4).toMatchObject({
    mime: 'video/mp4',
    lowLatency: false,
    url: expect.stringMatching(/^http:\/\/localhost:\d+\//),
  });
  expect(new URL(mp4!.url).pathname).toBe(`/${stream}.mp4`);
  expect(mp4!.tracks.sort()).toEqual(info.tracks.map((t) => t.id).sort());
  // WHEP stays first: the player keeps choosing it.
  expect(info.sources[0]?.protocol).toBe('whep');
  expect(mp4!.priority).toBeLessThan(info.sources[0]!.priority);

  const page = await new ProgressivePage(viewer.page).open(stream);
  await expect.poll(async () => (await page.state()).videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);
  // Chromium autoplays a progressive file once it has buffered enough (≈2 s of this live stream).
  await expect.poll(async () => (await page.state()).paused, { timeout: 15_000 }).toBe(false);
  // The file's time is the stream's time (tfdt on the stream timeline), not 0.
  expect((await page.state()).currentTime).toBeGreaterThan(0);
  expect(await page.countPresentedFrames(1_500)).toBeGreaterThan(10);
  const state = await page.state();
  expect(state.error).toBeNull();
  expect(state.videoHeight).toBeGreaterThan(0);
  // Glass to glass off the test-pattern timecode: printed, not asserted (a shared, noisy machine).
  const reading = await page.latency();
  expect(reading.samples.length).toBeGreaterThan(0);
  console.log(`mp4 glass-to-glass latency: ${JSON.stringify(summarizeLatency(reading))}`);

  // The publish ends: the response ends with it, and the element stops advancing without an error.
  await studio.stop();
  await expect.poll(async () => page.countPresentedFrames(500)).toBe(0);
  expect((await page.state()).error).toBeNull();
});
