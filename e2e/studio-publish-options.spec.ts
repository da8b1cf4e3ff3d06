import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectFramesAdvance, fetchStreamInfo, test } from './fixtures';
import { PublishPage, type OutboundVideo } from './studio-publish-harness/publish-harness-script';

async function openPublisher(page: Page): Promise<PublishPage> {
  return new PublishPage(page).open();
}

const videoOf = async (page: PublishPage): Promise<OutboundVideo> => {
  const [video] = await page.outboundVideo();
  if (!video) throw new Error('no outbound video');
  return video;
};

for (const [codec, mime, listed] of [
  ['vp9', 'video/VP9', /^vp9$/],
  ['av1', 'video/AV1', /^av01\.0\.\d\dM\.08$/],
] as const) {
  test(`the studio publishes in ${codec.toUpperCase()} and the demo player plays it over WHEP`, async ({
    stream,
    openStudio,
    openPlayer,
  }) => {
    const studio = await openStudio();
    const publisher = await openPublisher(studio.page);
    // The browser says it can encode it; this Chromium (156) does both.
    expect(
      await studio.page.evaluate(
        (m) => RTCRtpSender.getCapabilities('video')?.codecs.some((c) => c.mimeType === m),
        mime,
      ),
    ).toBe(true);
    await publisher.start({ stream, videoCodec: codec });
    await expect.poll(async () => (await videoOf(publisher)).bytesSent ?? 0).toBeGreaterThan(10_000);
    expect((await videoOf(publisher)).mimeType).toBe(mime);
    const { offer, answer } = await publisher.sdp();
    expect(offer).not.toMatch(/a=rtpmap:\d+ H264\//);
    expect(answer).toMatch(new RegExp(`a=rtpmap:\\d+ ${mime.slice(6)}/90000`));

    const info = await fetchStreamInfo(studio.page.request, stream);
    expect(info.state).toBe('live');
    expect(info.tracks.find((t) => t.kind === 'video')?.codec).toMatch(listed);
    // Only H.264 is packaged: WebRTC is the one way to watch it.
    expect(info.sources.map((s) => s.protocol)).toEqual(['whep']);

    const player = await (await openPlayer()).openDemo(stream);
    await player.expectStatus('playing');
    await expectFramesAdvance(player, 20_000);
    expect((await player.videoInfo()).width).toBe(1280);
    expect((await player.stats()).transport?.videoCodec?.toLowerCase()).toBe(mime.toLowerCase());

    await publisher.stop();
    await player.expectStatus('ended');
  });
}

test('simulcast: the offer carries rid f/h/q; the relay declines it and the full-size layer plays', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await openStudio();
  const publisher = await openPublisher(studio.page);
  await publisher.start({ stream, simulcast: true });
  const { offer, answer } = await publisher.sdp();
  // RFC 8853 offer: three send rids, full size first.
  expect(offer).toMatch(/^a=simulcast:send f;h;q\r?$/m);
  expect(offer).toMatch(/^a=rid:f send\r?$/m);
  expect(offer).toMatch(/^a=rid:q send\r?$/m);
  // The relay (werift 0.24) declines simulcast: no a=simulcast / a=rid in its answer.
  expect(answer).not.toMatch(/^a=(simulcast|rid):/m);

  // So the browser sends its first encoding, at full size, and not the others.
  await expect
    .poll(async () => (await publisher.outboundVideo()).find((v) => v.rid === 'f')?.frameWidth, {
      timeout: 20_000,
    })
    .toBe(1280);
  const layers = await publisher.outboundVideo();
  console.log(
    `[simulcast] outbound layers: ${JSON.stringify(layers.map((l) => [l.rid, l.frameWidth ?? null, l.bytesSent]))}`,
  );
  expect(layers.find((l) => l.rid === 'f')?.bytesSent).toBeGreaterThan(0);
  expect(layers.filter((l) => l.rid !== 'f').every((l) => !l.bytesSent)).toBe(true);

  await expect.poll(async () => (await fetchStreamInfo(studio.page.request, stream)).state).toBe('live');
  const info = await fetchStreamInfo(studio.page.request, stream);
  // An H.264 publish like any other: packaged too.
  expect(info.sources.map((s) => s.protocol)).toContain('ll-hls');

  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  await expectFramesAdvance(player);
  expect((await player.videoInfo()).width).toBe(1280);
  await publisher.stop();
});

test('the video bitrate ceiling changes while live, through setParameters, without a new offer', async ({
  stream,
  openStudio,
}) => {
  const studio = await openStudio();
  const publisher = await openPublisher(studio.page);
  await publisher.start({ stream, maxVideoBitrate: 1_200_000 });
  expect(await publisher.maxBitrates()).toEqual([1_200_000]);
  const offer = (await publisher.sdp()).offer;
  await publisher.setMaxVideoBitrate(400_000);
  expect(await publisher.maxBitrates()).toEqual([400_000]);
  expect((await publisher.sdp()).offer).toBe(offer);
  // The encoder follows: over three seconds the sent rate stays near the new ceiling.
  const before = await videoOf(publisher);
  const startedAt = Date.now();
  await studio.page.waitForTimeout(3_000);
  const after = await videoOf(publisher);
  const kbps = (((after.bytesSent ?? 0) - (before.bytesSent ?? 0)) * 8) / (Date.now() - startedAt);
  console.log(`[bitrate] ${kbps.toFixed(0)} kbit/s sent under a 400 kbit/s ceiling`);
  expect(kbps).toBeLessThan(400 * 1.5);
  await publisher.stop();
});

/** keyFramesEncoded over `ms`, and the mean spacing it implies. */
async function keyframeSpacing(
  publisher: PublishPage,
  ms: number,
): Promise<{ keyframes: number; spacingMs: number }> {
  const before = await videoOf(publisher);
  const startedAt = Date.now();
  await publisher.page.waitForTimeout(ms);
  const after = await videoOf(publisher);
  const keyframes = (after.keyFramesEncoded ?? 0) - (before.keyFramesEncoded ?? 0);
  return { keyframes, spacingMs: keyframes ? (Date.now() - startedAt) / keyframes : Infinity };
}

test('the keyframe interval travels with the WHIP POST and sets the encoder keyframe spacing (VP8)', async ({
  stream,
  openStudio,
}) => {
  const studio = await openStudio();
  // VP8 is not packaged, so nothing else asks for keyframes: without the option there are none.
  const control = await openPublisher(studio.page);
  await control.start({ stream: `${stream}-none`, videoCodec: 'vp8' });
  await studio.page.waitForTimeout(1_000);
  const none = await keyframeSpacing(control, 6_000);
  await control.stop();

  const page2 = await (await openStudio()).page;
  const publisher = await openPublisher(page2);
  await publisher.start({ stream, videoCodec: 'vp8', keyframeIntervalMs: 1_500 });
  await page2.waitForTimeout(1_000);
  const every1500 = await keyframeSpacing(publisher, 9_000);
  console.log(
    `[keyframes] VP8, no interval: ${none.keyframes} keyframes in 6 s; keyframeIntervalMs 1500: ${every1500.keyframes} in 9 s (mean spacing ${every1500.spacingMs.toFixed(0)} ms)`,
  );
  expect(none.keyframes).toBeLessThanOrEqual(1);
  expect(every1500.keyframes).toBeGreaterThanOrEqual(5);
  expect(every1500.keyframes).toBeLessThanOrEqual(7);
  await publisher.stop();
});

test('an H.264 keyframe interval shorter than the segment cadence shows in the packaged MP4 (ffprobe)', async ({
  stream,
  openStudio,
  baseURL,
}) => {
  const studio = await openStudio();
  const publisher = await openPublisher(studio.page);
  await publisher.start({ stream, keyframeIntervalMs: 500 });
  await studio.page.waitForTimeout(1_000);
  const encoder = await keyframeSpacing(publisher, 4_000);

  // Six seconds of the live progressive MP4, then ffprobe lists the keyframes' times.
  const controller = new AbortController();
  const response = await fetch(`${baseURL}/${stream}.mp4`, { signal: controller.signal });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  const stopAt = Date.now() + 6_000;
  while (Date.now() < stopAt) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  controller.abort();
  const dir = mkdtempSync(join(tmpdir(), 'brume-kf-'));
  try {
    const file = join(dir, 'live.mp4');
    writeFileSync(file, Buffer.concat(chunks));
    const csv = execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'frame=key_frame,pts_time',
        '-of',
        'csv=p=0',
        file,
      ],
      { encoding: 'utf8' },
    );
    const keyTimes = csv
      .trim()
      .split('\n')
      .map((line) => line.split(','))
      .filter(([key]) => key === '1')
      .map(([, pts]) => Number(pts));
    const gaps = keyTimes.slice(1).map((t, i) => Math.round((t - keyTimes[i]!) * 1000));
    console.log(
      `[keyframes] H.264, keyframeIntervalMs 500: encoder ${encoder.keyframes} keyframes in 4 s; packaged MP4 keyframe gaps (ms): ${gaps.join(' ')}`,
    );
    expect(gaps.length).toBeGreaterThanOrEqual(6);
    // The relay asks 150 ms before each 500 ms boundary; every gap is about half a second.
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThan(350);
    expect(median).toBeLessThan(650);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await publisher.stop();
});
