import type { StreamInfo } from '@brume/protocol';
import { expect, test } from './fixtures';
import { WsMp4Page } from './pages/ws-mp4-page';
import { summarizeLatency } from './probe/latency-summary';

test('a minimal MSE client plays the studio test pattern as fMP4 over WS /ws/NAME', async ({
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
  const ws = info.sources.find((source) => source.protocol === 'ws-mp4');
  expect(ws).toMatchObject({
    mime: 'video/mp4',
    lowLatency: true,
    url: expect.stringMatching(/^ws:\/\/localhost:\d+\//),
  });
  expect(new URL(ws!.url).pathname).toBe(`/ws/${stream}`);
  expect(ws!.tracks.sort()).toEqual(info.tracks.map((t) => t.id).sort());
  // WHEP stays first: the player keeps choosing it.
  expect(info.sources[0]?.protocol).toBe('whep');
  expect(ws!.priority).toBeLessThan(info.sources[0]!.priority);

  const page = await new WsMp4Page(viewer.page).open(ws!.url);
  await expect
    .poll(async () => (await page.clientState()).codecs, { timeout: 15_000 })
    .toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, opus"$/);
  await expect.poll(async () => (await page.state()).videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await page.state()).paused, { timeout: 15_000 }).toBe(false);
  expect(await page.countPresentedFrames(1_500)).toBeGreaterThan(10);
  const state = await page.state();
  expect(state.error).toBeNull();
  // Stream time, not 0.
  expect(state.currentTime).toBeGreaterThan(0);
  const client = await page.clientState();
  expect(client.errors).toEqual([]);
  expect(client.streamMs).not.toBeNull();
  const wallClockMs = Date.now() - info.timeline.startUnixMs - state.currentTime * 1000;
  console.info(
    `ws-mp4 latency: buffered ahead ${((state.bufferedEnd - state.currentTime) * 1000).toFixed(0)} ms, ` +
      `wall clock vs stream start ≈ ${wallClockMs.toFixed(0)} ms, ${client.fragments} binary messages`,
  );
  // Glass to glass off the test-pattern timecode: printed, not asserted (a shared, noisy machine).
  const reading = await page.latency();
  expect(reading.samples.length).toBeGreaterThan(0);
  console.log(`ws-mp4 glass-to-glass latency: ${JSON.stringify(summarizeLatency(reading))}`);

  // The publish ends: the server says so, and playback stops without an error.
  await studio.stop();
  await expect.poll(async () => (await page.clientState()).ended, { timeout: 10_000 }).not.toBeNull();
  expect((await page.state()).error).toBeNull();
});
