import {
  errorsBeyondEnd,
  expect,
  expectFramesAdvance,
  fetchStreamInfo,
  lastDashSegment,
  mediaTrackIds,
  test,
} from './fixtures';
import { DashJsPage } from './pages/dash-js-page';
import { summarizeLatency } from './probe/latency-summary';

test('dash.js in low-latency mode plays the studio test pattern over LL-DASH /dash/NAME/index.mpd', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();

  const viewer = await openPlayer();
  const info = await fetchStreamInfo(viewer.page.request, stream);
  expect(info.state).toBe('live');
  const dash = info.sources.find((source) => source.protocol === 'll-dash');
  expect(dash).toMatchObject({
    mime: 'application/dash+xml',
    lowLatency: true,
    url: expect.stringMatching(/^http:\/\/localhost:\d+\//),
  });
  expect(new URL(dash!.url).pathname).toBe(`/dash/${stream}/index.mpd`);
  expect([...dash!.tracks].sort((a, b) => a - b)).toEqual(mediaTrackIds(info));

  const page = await new DashJsPage(viewer.page).open(dash!.url);
  await expect.poll(async () => (await page.state()).videoWidth, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await page.state()).paused, { timeout: 15_000 }).toBe(false);
  await expectFramesAdvance(page);
  const playing = await page.state();
  expect(playing.error).toBeNull();
  expect(playing.errors).toEqual([]);
  expect(playing.dynamic).toBe(true);
  expect(playing.audioTracks).toBeGreaterThan(0);
  await expect
    .poll(async () => (await page.state()).audioDecodedBytes, { timeout: 5_000 })
    .toBeGreaterThan(playing.audioDecodedBytes);

  // Printed, not asserted: this machine is shared and noisy.
  const reading = await page.latency();
  expect(reading.samples.length).toBeGreaterThan(0);
  console.log(
    `ll-dash (dash.js) glass-to-glass latency: ${JSON.stringify({
      ...summarizeLatency(reading),
      dashJsLowLatency: playing.lowLatency,
      dashJsLatencyMs: Math.round(playing.latency * 1000),
      dashJsTargetMs: Math.round(playing.targetLatency * 1000),
    })}`,
  );

  // The publish ends: the MPD goes static, dash.js follows it, playback runs out without an error.
  await studio.stop();
  await expect
    .poll(async () => (await viewer.page.request.get(dash!.url)).text(), { timeout: 15_000 })
    .toMatch(/<MPD[^>]*\stype="static"/);
  const finalMpd = await (await viewer.page.request.get(dash!.url)).text();
  await expect.poll(async () => (await page.state()).dynamic, { timeout: 15_000 }).toBe(false);
  await expect.poll(() => page.countPresentedFrames(500), { timeout: 15_000 }).toBe(0);
  const ended = await page.state();
  expect(ended.error).toBeNull();
  // Only 404s for segments after the end, asked before dash.js saw the static MPD.
  const { beyond, other } = errorsBeyondEnd(ended.errors, lastDashSegment(finalMpd));
  expect(other).toEqual([]);
  if (beyond.length > 0)
    console.log(`dash.js: ${beyond.length} request(s) past the end got 404 before the MPD refresh`);
});
