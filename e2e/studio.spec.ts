import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Layer } from '@brume/studio';
import { expect, test } from './fixtures';
import { colorDistance, sampleVideoColors, type Rgb } from './pages/video-pixels';

const run = promisify(execFile);
const MAGENTA: Rgb = [255, 0, 255];

/** A solid magenta 16:9 PNG, made with ffmpeg once per worker. */
let imagePath: Promise<string> | undefined;
function magentaImage(): Promise<string> {
  imagePath ??= (async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'brume-studio-')), 'logo.png');
    await run('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=0xff00ff:s=320x180',
      '-frames:v',
      '1',
      path,
    ]);
    return path;
  })();
  return imagePath;
}

function centre(layer: Layer): [number, number] {
  return [layer.x + layer.width / 2, layer.y + layer.height / 2];
}

test('a two-layer scene built in the studio reaches the viewer pixel for pixel', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.addFile(await magentaImage());
  await expect(studio.sourceRow('image')).toHaveAttribute('data-status', 'live');
  // The image becomes the inset of a picture-in-picture layout over the full-frame pattern.
  await studio.applyLayout('pip-top-right');
  const layers = await studio.programLayers();
  expect(layers.map((l) => l.name)).toEqual(['Test pattern', 'logo']);
  const inset = layers[1]!;
  expect(inset.x + inset.width).toBeGreaterThan(0.9);
  expect(inset.y).toBeLessThan(0.1);
  expect(inset.width).toBeLessThan(0.4);

  await studio.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');

  // The inset's centre is magenta on the viewer's screen; a point of the pattern outside it shows
  // what the studio's own program shows there.
  const patternPoint: [number, number] = [0.1, 0.3];
  await expect
    .poll(async () => colorDistance((await sampleVideoColors(player.video, [centre(inset)]))[0]!, MAGENTA), {
      timeout: 15_000,
    })
    .toBeLessThan(40);
  const [studioPattern] = await studio.programColors([patternPoint]);
  const [viewerPattern] = await sampleVideoColors(player.video, [patternPoint]);
  expect(colorDistance(viewerPattern!, studioPattern!)).toBeLessThan(40);
  expect(colorDistance(viewerPattern!, MAGENTA)).toBeGreaterThan(100);
});

test('switching scenes fades on the program and the viewer sees the blend, then the new scene', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  const page = studio.page;
  // Scene 2: a colour background. Scene switches put a scene on air with the transition.
  await page.getByTestId('add-scene').click();
  await studio.sceneRow('Scene 2').locator('.list-main').click();
  await expect(studio.sceneRow('Scene 2')).toHaveAttribute('data-on-air', 'true');
  await studio.addSource('color');
  await expect(studio.sourceRow('color')).toHaveAttribute('data-status', 'live');

  await studio.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  const point: [number, number] = [0.1, 0.3];
  const [colour] = await studio.programColors([point]);
  await expect
    .poll(async () => colorDistance((await sampleVideoColors(player.video, [point]))[0]!, colour!), {
      timeout: 15_000,
    })
    .toBeLessThan(30);

  // A slow fade (3 s) back to the pattern: sample the viewer all along.
  await page.getByTestId('transition-kind').selectOption('fade');
  await page.getByTestId('transition-duration').fill('3000');
  await page.getByTestId('transition-duration').blur();
  await expect.poll(async () => (await studio.collection()).transition.durationMs).toBe(3000);
  await studio.sceneRow('Scene 1').locator('.list-main').click();
  const samples: Rgb[] = [];
  const until = Date.now() + 6000;
  while (Date.now() < until) {
    samples.push((await sampleVideoColors(player.video, [point]))[0]!);
    await page.waitForTimeout(40);
  }
  await expect(studio.sceneRow('Scene 1')).toHaveAttribute('data-on-air', 'true');
  const [pattern] = await studio.programColors([point]);
  const last = samples.at(-1)!;
  expect(colorDistance(last, pattern!)).toBeLessThan(30);
  // Midway the viewer saw neither scene but a mix of both.
  const blends = samples.filter((s) => colorDistance(s, colour!) > 25 && colorDistance(s, pattern!) > 25);
  console.log(`fade seen by the viewer: ${blends.length} blended samples of ${samples.length}`);
  expect(blends.length).toBeGreaterThanOrEqual(2);
});

test('studio mode: the preview is edited apart from the program, Take puts it on air', async ({
  stream,
  openStudio,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  const page = studio.page;
  await page.getByTestId('add-scene').click();
  await page.getByTestId('studio-mode').check();
  await expect(page.getByTestId('preview-canvas')).toBeVisible();
  await studio.sceneRow('Scene 2').locator('.list-main').click();
  await expect(studio.sceneRow('Scene 2')).toHaveAttribute('data-preview', 'true');
  await expect(studio.sceneRow('Scene 1')).toHaveAttribute('data-on-air', 'true');
  // A source added now goes into the preview scene, not on air.
  await studio.addSource('color');
  await expect(studio.sourceRow('color')).toHaveAttribute('data-status', 'live');
  expect((await studio.programLayers()).map((l) => l.name)).toEqual(['Test pattern']);
  const point: [number, number] = [0.5, 0.5];
  const [before] = await studio.programColors([point]);

  await page.getByTestId('transition-kind').selectOption('cut');
  await page.getByTestId('take').click();
  await expect(studio.sceneRow('Scene 2')).toHaveAttribute('data-on-air', 'true');
  // OBS's swap: the old program is now in the preview.
  await expect(studio.sceneRow('Scene 1')).toHaveAttribute('data-preview', 'true');
  expect((await studio.programLayers()).map((l) => l.name)).toEqual(['Colour']);
  await expect
    .poll(async () => colorDistance((await studio.programColors([point]))[0]!, before!), { timeout: 5000 })
    .toBeGreaterThan(60);
});

test('a new user goes live in three clicks, and the scene survives a reload', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await openStudio();
  const page = studio.page;
  await page.goto(`/studio/?stream=${stream}`);
  await expect(page.getByTestId('first-run')).toBeVisible();
  await page.getByTestId('first-run').locator('[data-template="camera"]').click(); // 1
  await expect(studio.sourceRow('camera')).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
  await studio.goLive(); // 2
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  expect((await player.videoSize()).width).toBe(1280);
  await studio.stop();

  // The collection was saved: a reload brings the same scene back, without the chooser.
  const saved = await studio.collection();
  await page.reload();
  await expect(studio.sourceRow('camera')).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
  await expect(page.getByTestId('first-run')).toHaveCount(0);
  const reloaded = await studio.collection();
  expect(reloaded.scenes.map((s) => s.id)).toEqual(saved.scenes.map((s) => s.id));
  expect(reloaded.sources.map((s) => s.spec.kind).sort()).toEqual(['camera', 'microphone']);
});

test('records 5 s of the program to an MP4 that ffprobe reads', async ({ stream, openStudio }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  const page = studio.page;
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record')).toHaveAttribute('data-state', 'recording');
  await page.waitForTimeout(5000);
  await page.getByTestId('record-stop').click();
  const link = page.getByTestId('recording-download');
  await expect(link).toBeVisible({ timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'brume-rec-')), download.suggestedFilename());
  await download.saveAs(path);
  expect(path.endsWith('.mp4')).toBe(true);
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-of',
    'json',
    path,
  ]);
  const probe = JSON.parse(stdout) as {
    streams: { codec_type: string; codec_name: string; width?: number }[];
    format: { duration: string };
  };
  const video = probe.streams.find((s) => s.codec_type === 'video');
  const audio = probe.streams.find((s) => s.codec_type === 'audio');
  expect(video?.codec_name).toBe('h264');
  expect(video?.width).toBe(1280);
  expect(audio?.codec_name).toMatch(/aac|opus/);
  const duration = Number(probe.format.duration);
  console.log(`studio recording: ${duration.toFixed(2)} s, ${video?.codec_name} + ${audio?.codec_name}`);
  expect(duration).toBeGreaterThan(4);
  expect(duration).toBeLessThan(8);
  writeFileSync(`${path}.json`, stdout);
});
