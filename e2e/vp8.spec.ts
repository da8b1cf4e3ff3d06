import type { StreamInfo } from '@brume/protocol';
import { expect, test } from './fixtures';

test('the studio publishes the test pattern in VP8 and the demo player plays it', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await openStudio();
  // The page object opens H.264 (the default); the codec comes from the URL here, like a shared link.
  await studio.page.goto(`/studio/?stream=${encodeURIComponent(stream)}&source=pattern&codec=vp8`);
  await expect(studio.page.getByTestId('stream-name')).toHaveValue(stream);
  await expect(studio.page.getByTestId('codec-select')).toHaveValue('vp8');
  await studio.goLive();
  await expect.poll(async () => (await studio.stats())?.video?.bitrateKbps ?? 0).toBeGreaterThan(0);
  expect((await studio.stats())?.video?.codec?.mimeType.toLowerCase()).toBe('video/vp8');
  // The codec is fixed for the publish: the picker is locked while live.
  await expect(studio.page.getByTestId('codec-select')).toBeDisabled();

  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  expect(await player.countPresentedFrames(1_500)).toBeGreaterThan(10);
  const before = (await player.stats()).framesRendered;
  await expect.poll(async () => (await player.stats()).framesRendered).toBeGreaterThan(before + 10);
  const video = await player.videoInfo();
  expect(video.width).toBeGreaterThan(0);
  expect((await player.stats()).transport?.videoCodec?.toLowerCase()).toContain('vp8');

  const info = (await (
    await player.page.request.get(`/api/streams/${encodeURIComponent(stream)}`)
  ).json()) as StreamInfo;
  expect(info.state).toBe('live');
  expect(info.tracks.find((t) => t.kind === 'video')?.codec).toBe('vp8');
  // No progressive MP4 for VP8 (only H.264 is packaged).
  expect(info.sources.map((s) => s.protocol)).toEqual(['whep']);

  await studio.stop();
  await player.expectStatus('ended');
});

test('the codec picker defaults to H.264 and goes into the shareable URL only for VP8', async ({
  stream,
  openStudio,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  const select = studio.page.getByTestId('codec-select');
  await expect(select).toHaveValue('h264');
  await select.selectOption('vp8');
  await expect(studio.page).toHaveURL(/[?&]codec=vp8(&|$)/);
  await select.selectOption('h264');
  await expect(studio.page).not.toHaveURL(/codec=/);
});
