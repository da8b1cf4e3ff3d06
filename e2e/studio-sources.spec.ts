import type { Page } from '@playwright/test';
import type { TextSpec } from '@brume/studio';
import { expect, test } from './fixtures';
import { CLIP_S, startMediaFixtures, type MediaFixtures } from './studio-sources-harness/media-fixtures';
import { SourcesPage } from './studio-sources-harness/sources-page';

/**
 * Every kind of studio source, opened through `openSource` in Chromium with its fake camera,
 * microphone and screen: tracks deliver frames of the right size, sound carries a level, bitmaps
 * have the expected size and colours, errors carry the codes the app explains.
 */
let media: MediaFixtures;

test.beforeAll(async () => {
  media = await startMediaFixtures();
});

test.afterAll(async () => {
  await media.close();
});

function expectColor(pixel: number[] | undefined, rgba: number[], tolerance = 4): void {
  expect(pixel).toHaveLength(4);
  pixel!.forEach((value, i) =>
    expect(Math.abs(value - rgba[i]!), `channel ${i} of ${pixel}`).toBeLessThanOrEqual(tolerance),
  );
}

async function openSources(page: Page): Promise<SourcesPage> {
  await page.context().grantPermissions(['camera', 'microphone']);
  return new SourcesPage(page).open();
}

test('camera: frames at the asked size, a new size in place, a missing device, nothing left running', async ({
  page,
}) => {
  const sources = await openSources(page);
  const opened = await sources.openSource('cam', { kind: 'camera', width: 1280, height: 720, frameRate: 30 });
  expect(opened.error).toBeUndefined();
  expect(opened.summary).toMatchObject({
    kind: 'camera',
    state: 'live',
    visual: { type: 'track' },
    audio: undefined,
  });
  expect(opened.summary!.aspect).toBeCloseTo(16 / 9);
  const frames = await sources.countFrames('cam');
  expect(frames).toMatchObject({ width: 1280, height: 720 });
  expect(frames.frames).toBeGreaterThan(10);

  const smaller = await sources.update('cam', { kind: 'camera', width: 640, height: 480, frameRate: 30 });
  expect(smaller.error).toBeUndefined();
  // Same device: the open track switches mode (applyConstraints) instead of a new getUserMedia.
  expect(smaller.summary!.visual!.trackId).toBe(opened.summary!.visual!.trackId);
  expect(smaller.summary!.aspect).toBeCloseTo(4 / 3);
  expect(await sources.countFrames('cam')).toMatchObject({ width: 640, height: 480 });
  expect(smaller.summary!.events.filter((e) => e.type === 'change').length).toBeGreaterThan(0);

  const missing = await sources.openSource('gone', { kind: 'camera', deviceId: 'no-such-camera' });
  expect(missing.error?.code).toBe('studio/device-not-found');

  expect(await sources.dispose('cam')).toEqual({ tracksLive: 0 });
});

test('microphone: sound with the asked processing, changed live', async ({ page }) => {
  const sources = await openSources(page);
  const spec = {
    kind: 'microphone',
    noiseSuppression: true,
    echoCancellation: true,
    autoGainControl: true,
  } as const;
  const opened = await sources.openSource('mic', spec);
  expect(opened.error).toBeUndefined();
  expect(opened.summary).toMatchObject({
    visual: undefined,
    audio: { settings: { noiseSuppression: true } },
  });
  const peak = await sources.audioPeak('mic');
  console.log(`microphone peak ${peak.toFixed(3)}`);
  expect(peak).toBeGreaterThan(0.01);

  const changed = await sources.update('mic', { ...spec, noiseSuppression: false, autoGainControl: false });
  expect(changed.error).toBeUndefined();
  expect(changed.summary!.audio!.settings).toMatchObject({ noiseSuppression: false, autoGainControl: false });
  const sameTrack = changed.summary!.audio!.id === opened.summary!.audio!.id;
  console.log(`microphone processing changed ${sameTrack ? 'in place (applyConstraints)' : 'by reopening'}`);
  expect(await sources.audioPeak('mic')).toBeGreaterThan(0.01);
  expect(await sources.dispose('mic')).toEqual({ tracksLive: 0 });
});

test('screen: the captured surface and its sound; a refused picker is permission-denied', async ({
  page,
}) => {
  const sources = await openSources(page);
  const opened = await sources.openSource('screen', { kind: 'screen', audio: true });
  expect(opened.error).toBeUndefined();
  expect(opened.summary).toMatchObject({ kind: 'screen', visual: { type: 'track' } });
  const frames = await sources.countFrames('screen');
  console.log(`screen capture ${frames.width}x${frames.height}, ${frames.frames} frames in 1.5 s`);
  expect(frames.frames).toBeGreaterThan(5);
  expect(frames.width / frames.height).toBeCloseTo(opened.summary!.aspect!);
  expect(opened.summary!.audio).toBeDefined();

  const silent = await sources.openSource('screen2', { kind: 'screen', audio: false });
  expect(silent.summary!.audio).toBeUndefined();

  // Headless Chromium's fake picker always accepts: a user cancelling it is the browser's NotAllowedError.
  await page.evaluate(() => {
    navigator.mediaDevices.getDisplayMedia = () =>
      Promise.reject(new DOMException('Permission denied by user', 'NotAllowedError'));
  });
  const refused = await sources.openSource('screen3', { kind: 'screen', audio: false });
  expect(refused.error?.code).toBe('studio/permission-denied');
  expect(refused.error?.message).toMatch(/Screen sharing/);
});

test('pattern: frames, size and beep; silent on request', async ({ page }) => {
  const sources = await openSources(page);
  const opened = await sources.openSource('pattern', { kind: 'pattern', audio: 'beep' });
  expect(opened.error).toBeUndefined();
  const frames = await sources.countFrames('pattern');
  expect(frames).toMatchObject({ width: 1280, height: 720 });
  expect(frames.frames).toBeGreaterThan(10);
  // The beep: 100 ms at −20 dBFS (0.1) at every wall-clock second.
  expect(await sources.audioPeak('pattern')).toBeGreaterThan(0.05);
  await sources.update('pattern', { kind: 'pattern', audio: 'silent' });
  expect(await sources.audioPeak('pattern')).toBeLessThan(0.001);
  expect((await sources.countFrames('pattern')).frames).toBeGreaterThan(10);
  expect(await sources.dispose('pattern')).toEqual({ tracksLive: 0 });
});

test('image: a URL and a stored file decode to bitmaps; a broken URL and a non-image fail clearly', async ({
  page,
}) => {
  const sources = await openSources(page);
  const opened = await sources.openSource('img', { kind: 'image', url: `${media.origin}/split.png` });
  expect(opened.error).toBeUndefined();
  expect(opened.summary).toMatchObject({ visual: { type: 'bitmap', width: 64, height: 32 }, aspect: 2 });
  const [left, right] = await sources.pixels('img', [
    [8, 16],
    [56, 16],
  ]);
  // ffmpeg's PNG goes through its colour conversion: within a few steps of pure red and blue.
  expectColor(left, [255, 0, 0, 255]);
  expectColor(right, [0, 0, 255, 255]);

  const stored = await sources.openSource(
    'stored',
    { kind: 'image', url: 'blob-store:logo' },
    { blobStore: { logo: { width: 10, height: 20, color: '#00ff00' } } },
  );
  expect(stored.summary).toMatchObject({ visual: { width: 10, height: 20 }, aspect: 0.5 });
  expect(await sources.pixels('stored', [[5, 5]])).toEqual([[0, 255, 0, 255]]);

  const missing = await sources.openSource('missing', { kind: 'image', url: `${media.origin}/nope.png` });
  expect(missing.error).toMatchObject({ code: 'studio/source-unavailable' });
  expect(missing.error!.message).toContain('HTTP 404');
  const notImage = await sources.openSource('text', {
    kind: 'image',
    url: `${media.origin}/not-an-image.png`,
  });
  expect(notImage.error?.code).toBe('studio/unsupported-media');
  const noStore = await sources.openSource('nostore', { kind: 'image', url: 'blob-store:unknown' });
  expect(noStore.error?.code).toBe('studio/source-unavailable');
});

test('text: a lower third renders at the size it needs, with its box, bar and text colours', async ({
  page,
}) => {
  const sources = await openSources(page);
  const spec: TextSpec = {
    kind: 'text',
    text: 'Ada Lovelace',
    subtitle: 'Host',
    fontFamily: 'sans-serif',
    fontSizePx: 60,
    bold: true,
    color: '#ffffff',
    background: { color: '#000000', paddingPx: 20, radiusPx: 0 },
    align: 'left',
    style: 'lower-third',
    accentColor: '#ff0000',
  };
  const opened = await sources.openSource('lt', spec);
  expect(opened.error).toBeUndefined();
  const { width, height } = opened.summary!.visual!;
  // Padding 20 on each side; lines of 1.25 × 60 and 1.25 × 36 (the subtitle is 0.6 of the text).
  expect(height).toBe(20 + 75 + 45 + 20);
  expect(opened.summary!.aspect).toBeCloseTo(width! / height!);
  // Bar 0.15 × 60 = 9 px on the left; the box right after it; white text inside.
  const [bar, box, outside] = await sources.pixels('lt', [
    [4, 80],
    [9 + 5, 5],
    [width! - 3, height! - 3],
  ]);
  expect(bar).toEqual([255, 0, 0, 255]);
  expect(box).toEqual([0, 0, 0, 255]);
  expect(outside).toEqual([0, 0, 0, 255]);
  expect(await sources.countColor('lt', [255, 255, 255])).toBeGreaterThan(200);

  const longer = await sources.update('lt', { ...spec, text: 'Ada Lovelace, Countess' });
  expect(longer.summary!.visual!.width).toBeGreaterThan(width!);
  expect(longer.summary!.events.some((e) => e.type === 'change')).toBe(true);

  const at720 = await sources.openSource('lt720', spec, { outputHeight: 720 });
  // 60 → 40 px, 36 → 24 px at 720 lines; padding 20 → 13.
  expect(at720.summary!.visual!.height).toBe(13 + 50 + 30 + 13);
  // The output preset goes 1080p → 720p: the open source redraws at the new scale.
  const resized = await sources.setOutputHeight('lt', 720);
  expect(resized.summary!.visual!.height).toBe(13 + 50 + 30 + 13);
  expect((await sources.setOutputHeight('lt', 1080)).summary!.visual!.height).toBe(height);

  const plain = await sources.openSource('plain', {
    ...spec,
    subtitle: undefined,
    style: 'plain',
    background: undefined,
    color: '#00ff00',
  });
  expect(plain.error).toBeUndefined();
  // No box: transparent around the glyphs, green where the text is.
  expect((await sources.pixels('plain', [[0, 0]]))[0]![3]).toBe(0);
  expect(await sources.countColor('plain', [0, 255, 0])).toBeGreaterThan(100);
});

test('colour: a fill visual that follows the spec', async ({ page }) => {
  const sources = await openSources(page);
  const fill = { kind: 'color', color: '#123456', gradient: { to: '#abcdef', angleDeg: 90 } } as const;
  const opened = await sources.openSource('fill', fill);
  expect(opened.summary).toMatchObject({ visual: { type: 'fill', fill }, audio: undefined });
  const changed = await sources.update('fill', { kind: 'color', color: '#ff0000' });
  expect(changed.summary!.visual).toEqual({ type: 'fill', fill: { kind: 'color', color: '#ff0000' } });
  const wrongKind = await sources.update('fill', { kind: 'pattern', audio: 'beep' });
  expect(wrongKind.error?.code).toBe('studio/invalid-source');
});

test('video file: frames and sound, looping without a stall, muted on request, end without loop', async ({
  page,
}) => {
  const sources = await openSources(page);
  const url = `${media.origin}/clip.webm`;
  const opened = await sources.openSource('clip', { kind: 'video', url, loop: true, muted: false });
  expect(opened.error).toBeUndefined();
  expect(opened.summary!.aspect).toBeCloseTo(4 / 3);
  expect(opened.summary!.audio).toBeDefined();
  const peak = await sources.audioPeak('clip');
  console.log(`video file peak ${peak.toFixed(3)}`);
  expect(peak).toBeGreaterThan(0.05);
  // Over two and a half loops of the 2-s clip.
  const frames = await sources.countFrames('clip', CLIP_S * 2500);
  console.log(`video file: ${frames.frames} frames in ${CLIP_S * 2.5} s, longest gap ${frames.maxGapMs} ms`);
  expect(frames).toMatchObject({ width: 320, height: 240 });
  expect(frames.frames).toBeGreaterThan(CLIP_S * 2.5 * 10);
  expect(frames.maxGapMs).toBeLessThan(500);
  expect((await sources.summary('clip')).events.filter((e) => e.type === 'ended')).toEqual([]);

  const muted = await sources.update('clip', { kind: 'video', url, loop: true, muted: true });
  expect(muted.summary!.audio).toBeUndefined();
  const unmuted = await sources.update('clip', { kind: 'video', url, loop: true, muted: false });
  expect(await sources.audioPeak('clip')).toBeGreaterThan(0.05);
  expect(unmuted.summary!.audio).toBeDefined();
  expect(await sources.dispose('clip')).toEqual({ tracksLive: 0 });

  await sources.openSource('once', { kind: 'video', url, loop: false, muted: true });
  await expect
    .poll(async () => (await sources.summary('once')).events.map((e) => e.type), { timeout: CLIP_S * 3000 })
    .toContain('ended');

  const broken = await sources.openSource('broken', {
    kind: 'video',
    url: `${media.origin}/nope.webm`,
    loop: true,
    muted: true,
  });
  expect(broken.error?.code).toBe('studio/source-unavailable');
});

test('guest: waits while the stream is not live, plays once it is, waits again when it drops', async ({
  page,
  stream,
}) => {
  const sources = await openSources(page);
  const guest = { kind: 'guest', stream } as const;
  const options = { guest: { retry: { baseMs: 500, maxMs: 1000 } } };
  const opened = await sources.openSource('guest', guest, options);
  expect(opened.error).toBeUndefined();
  expect(opened.summary).toMatchObject({ state: 'waiting', visual: undefined, audio: undefined });

  await sources.publish(stream);
  await expect.poll(async () => (await sources.summary('guest')).state, { timeout: 20_000 }).toBe('live');
  await expect
    .poll(async () => (await sources.countFrames('guest')).frames, { timeout: 10_000 })
    .toBeGreaterThan(10);
  expect(await sources.countFrames('guest')).toMatchObject({ width: 1280, height: 720 });
  await expect.poll(async () => (await sources.summary('guest')).aspect).toBeCloseTo(16 / 9);
  expect(await sources.audioPeak('guest', 2000)).toBeGreaterThan(0.02);

  await sources.unpublish();
  await expect.poll(async () => (await sources.summary('guest')).state, { timeout: 20_000 }).toBe('waiting');
  await sources.publish(stream);
  await expect.poll(async () => (await sources.summary('guest')).state, { timeout: 20_000 }).toBe('live');
  await expect
    .poll(async () => (await sources.countFrames('guest')).frames, { timeout: 10_000 })
    .toBeGreaterThan(10);
  await sources.dispose('guest');
  await sources.unpublish();
});
