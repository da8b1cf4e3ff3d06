import { expect, test } from './fixtures';

test('the studio publishes its camera and the demo player plays it over WHEP, then shows the end', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'camera');
  await studio.goLive();
  await expect.poll(async () => (await studio.stats())?.video?.bitrateKbps ?? 0).toBeGreaterThan(0);

  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  await expect(player.stateLine).toHaveText('Live');

  // Pictures advance: the page's own frame callbacks, and the player's count, both grow.
  expect(await player.countPresentedFrames(1_500)).toBeGreaterThan(10);
  const before = (await player.stats()).framesRendered;
  await expect.poll(async () => (await player.stats()).framesRendered).toBeGreaterThan(before + 10);

  const video = await player.videoInfo();
  expect(video.width).toBeGreaterThan(0);
  expect(video.height).toBeGreaterThan(0);
  expect(video.videoTrackLive).toBe(true);
  expect(video.audioTrackLive).toBe(true);
  const stats = await player.stats();
  expect(stats.audioLive).toBe(true);
  expect(stats.transport?.videoCodec?.toLowerCase()).toContain('h264');

  // The server lists the stream as live with both tracks and one viewer.
  const list = (await (await player.page.request.get('/api/streams')).json()) as {
    streams: { name: string; state: string; viewers: number; tracks: { kind: string }[] }[];
  };
  const entry = list.streams.find((s) => s.name === stream);
  expect(entry?.state).toBe('live');
  expect(entry?.viewers).toBe(1);
  expect(entry?.tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);

  await studio.stop();
  await player.expectStatus('ended');
  await expect(player.stateLine).toHaveText('Stream ended');
});

test('a player opened before the stream exists waits, then starts by itself', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('waiting');
  await expect(player.stateLine).toHaveText('Waiting for stream…');

  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  await player.expectStatus('playing');
  expect(await player.countPresentedFrames(1_000)).toBeGreaterThan(5);
});

test('the embed script plays a stream on a plain page', async ({ stream, openStudio, openPlayer }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await (await openPlayer()).openEmbedExample(stream);
  await player.expectStatus('playing');
  expect(await player.countPresentedFrames(1_000)).toBeGreaterThan(5);
  const video = await player.videoInfo();
  expect(video.width).toBeGreaterThan(0);
});
