import { expect, expectFramesAdvance, fetchStreamInfo, mediaTrackIds, test } from './fixtures';
import { HlsJsPage } from './pages/hls-js-page';
import { summarizeLatency } from './probe/latency-summary';

test('hls.js in low-latency mode plays the studio test pattern over LL-HLS /hls/NAME/index.m3u8', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();

  const viewer = await openPlayer();
  const info = await fetchStreamInfo(viewer.page.request, stream);
  expect(info.state).toBe('live');
  const hls = info.sources.find((source) => source.protocol === 'll-hls');
  expect(hls).toMatchObject({
    mime: 'application/vnd.apple.mpegurl',
    lowLatency: true,
    url: expect.stringMatching(/^http:\/\/localhost:\d+\//),
  });
  expect(new URL(hls!.url).pathname).toBe(`/hls/${stream}/index.m3u8`);
  expect([...hls!.tracks].sort((a, b) => a - b)).toEqual(mediaTrackIds(info));

  const page = await new HlsJsPage(viewer.page).open(hls!.url);
  await expect.poll(async () => (await page.state()).videoWidth, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await page.state()).paused, { timeout: 15_000 }).toBe(false);
  await expectFramesAdvance(page);
  const playing = await page.state();
  expect(playing.error).toBeNull();
  expect(playing.errors.filter((error) => error.fatal)).toEqual([]);
  // Audio: hls.js made a SourceBuffer for it, and Chromium keeps decoding it.
  expect(playing.sourceBuffers.map((buffer) => buffer.name)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^audio(video)?$/)]),
  );
  await expect
    .poll(async () => (await page.state()).audioDecodedBytes, { timeout: 5_000 })
    .toBeGreaterThan(playing.audioDecodedBytes);

  // Printed, not asserted: this machine is shared and noisy.
  const reading = await page.latency();
  expect(reading.samples.length).toBeGreaterThan(0);
  console.log(
    `ll-hls (hls.js) glass-to-glass latency: ${JSON.stringify({
      ...summarizeLatency(reading),
      hlsJsLatencyMs: Math.round(playing.latency * 1000),
      hlsJsTargetMs: playing.targetLatency === null ? null : Math.round(playing.targetLatency * 1000),
      nonFatalErrors: playing.errors.map((error) => error.details),
    })}`,
  );

  // The publish ends: every media playlist gets EXT-X-ENDLIST, hls.js sees it, playback runs out.
  await studio.stop();
  await expect
    .poll(
      async () => {
        const { playlists } = await page.state();
        return playlists.length > 0 && playlists.every((playlist) => !playlist.live);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  for (const playlist of (await page.state()).playlists) {
    const text = await (await viewer.page.request.get(playlist.url)).text();
    expect(text).toContain('#EXT-X-ENDLIST');
  }
  await expect.poll(() => page.countPresentedFrames(500), { timeout: 15_000 }).toBe(0);
  const ended = await page.state();
  expect(ended.error).toBeNull();
  expect(ended.errors.filter((error) => error.fatal)).toEqual([]);
});
