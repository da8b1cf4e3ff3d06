import type { Scene } from '@brume/studio';
import { layer } from './compositor-harness/scene-fixtures';
import { expect, test } from './fixtures';
import { CompositorPage, type Pixel, type StartOptions } from './pages/compositor-page';

/**
 * The studio compositor in Chromium: a scene of fills, a cropped bitmap, a rotated layer, a
 * chroma-keyed live track, opacity, z-order, a hidden layer and a missing source, read back from
 * the program track at known positions with each renderer and with the fallbacks (no
 * MediaStreamTrackProcessor / MediaStreamTrackGenerator); transitions; a source track ending; dispose.
 */

const BG: Pixel = [0x20, 0x40, 0xc0];
const RED: Pixel = [255, 0, 0];
const GREEN: Pixel = [0, 255, 0];
const BLUE: Pixel = [0, 0, 255];
const YELLOW: Pixel = [255, 255, 0];
const MAGENTA: Pixel = [255, 0, 255];
/** Colour conversions on the way (RGB → YUV frames → RGB): a few levels of error. */
const TOLERANCE = 28;

const layoutScene: Scene = {
  id: 'layout',
  name: 'Layout',
  layers: [
    layer('bg', 'bg', {}),
    // Red | white halves, the white half cropped away: the whole box is red.
    layer('image', 'image', {
      x: 0.05,
      y: 0.05,
      width: 0.2,
      height: 0.2,
      crop: { left: 0, top: 0, right: 0.5, bottom: 0 },
    }),
    // Drawn after the image, over its corner.
    layer('order', 'green', { x: 0.2, y: 0.15, width: 0.1, height: 0.1 }),
    // A horizontal bar turned upright.
    layer('rotated', 'yellow', { x: 0.35, y: 0.45, width: 0.3, height: 0.1, rotation: 90 }),
    layer('keyed', 'keyed', {
      x: 0.65,
      y: 0.6,
      width: 0.3,
      height: 0.3,
      chromaKey: { color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 },
    }),
    layer('half', 'white', { x: 0.05, y: 0.6, width: 0.2, height: 0.2, opacity: 0.5 }),
    layer('gradient', 'gradient', { x: 0.7, y: 0.05, width: 0.25, height: 0.2 }),
    layer('missing', 'nothing-yet', { x: 0.4, y: 0.05, width: 0.1, height: 0.1 }),
    layer('hidden', 'orange', { visible: false }),
  ],
};

const probes: { name: string; at: [number, number]; expected: Pixel }[] = [
  { name: 'background', at: [0.5, 0.9], expected: BG },
  { name: 'cropped image, left', at: [0.08, 0.1], expected: RED },
  { name: 'cropped image, right (white before the crop)', at: [0.18, 0.1], expected: RED },
  { name: 'later layer on top', at: [0.225, 0.2], expected: GREEN },
  { name: 'rotated bar, above centre', at: [0.5, 0.5 - 150 / 720], expected: YELLOW },
  { name: 'beside the rotated bar (inside it unrotated)', at: [0.5 + 150 / 1280, 0.5], expected: BG },
  { name: 'keyed layer, kept square', at: [0.8, 0.75], expected: MAGENTA },
  { name: 'keyed layer, keyed-out green', at: [0.67, 0.62], expected: BG },
  { name: 'half-opaque white over background', at: [0.15, 0.7], expected: [143, 159, 223] },
  { name: 'gradient start', at: [0.705, 0.15], expected: [3, 3, 3] },
  { name: 'gradient middle', at: [0.825, 0.15], expected: [128, 128, 128] },
  { name: 'gradient end', at: [0.945, 0.15], expected: [252, 252, 252] },
  { name: 'source without a picture', at: [0.45, 0.1], expected: BG },
];

function near(actual: Pixel, expected: Pixel, tolerance = TOLERANCE): boolean {
  return actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance);
}

async function openLayout(page: CompositorPage, options: Partial<StartOptions>) {
  const stats = await page.call('start', {
    width: 1280,
    height: 720,
    frameRate: 30,
    renderer: 'auto',
    ...options,
  });
  await page.call('setFill', 'bg', '#2040c0');
  await page.call('setBitmap', 'image', { width: 200, height: 100, bands: ['#ff0000', '#ffffff'] });
  await page.call('setFill', 'green', '#00ff00');
  await page.call('setFill', 'yellow', 'yellow');
  await page.call('setCanvasTrack', 'keyed', {
    width: 320,
    height: 180,
    bands: ['#00ff00'],
    square: { color: '#ff00ff', size: 90 },
  });
  await page.call('setFill', 'white', '#ffffff');
  await page.call('setFill', 'gradient', '#000000', { to: '#ffffff', angleDeg: 0 });
  await page.call('setFill', 'orange', '#ff8000');
  await page.call('setProgram', layoutScene);
  return stats;
}

async function expectLayout(page: CompositorPage): Promise<void> {
  await expect(async () => {
    const pixels = await page.call(
      'sample',
      probes.map((p) => p.at),
    );
    const wrong = probes
      .map((p, i) => ({ ...p, actual: pixels[i]! }))
      .filter((p) => !near(p.actual, p.expected))
      .map((p) => `${p.name}: ${p.actual.join(',')} (expected ${p.expected.join(',')})`);
    expect(wrong).toEqual([]);
  }).toPass({ timeout: 15_000 });
}

const variants: { name: string; options: Partial<StartOptions>; expected: Record<string, string> }[] = [
  {
    name: 'WebGL2',
    options: { renderer: 'webgl2' },
    expected: { renderer: 'webgl2', input: 'track-processor', output: 'track-generator' },
  },
  {
    name: 'Canvas2D',
    options: { renderer: 'canvas2d' },
    expected: { renderer: 'canvas2d', input: 'track-processor', output: 'track-generator' },
  },
  {
    name: 'the fallbacks (hidden <video> input, captureStream output)',
    options: { renderer: 'auto', withoutProcessor: true, withoutGenerator: true },
    // Auto: WebGL2 here is SwiftShader, so the compositor takes Canvas2D.
    expected: { renderer: 'canvas2d', input: 'video-element', output: 'capture-stream' },
  },
];

for (const variant of variants) {
  test(`composes the layout with ${variant.name}`, async ({ page }) => {
    const compositor = await new CompositorPage(page).open();
    const started = await openLayout(compositor, variant.options);
    expect(started).toMatchObject(variant.expected);
    await expectLayout(compositor);
    // Frames advance (how fast is the bench's business: software WebGL2 here is slow).
    expect(await compositor.call('presentedFrames', 1000), 'program frames presented in 1 s').toBeGreaterThan(
      2,
    );
    // The first stats event has no rate yet (it needs two samples).
    await expect.poll(() => compositor.call('statsEvents')).toBeGreaterThan(1);
    const stats = await compositor.call('stats');
    expect(stats.framesRendered).toBeGreaterThan(0);
    expect(stats.renderMs.p95).toBeGreaterThan(0);
    expect(stats.fps).toBeGreaterThan(0);
    expect(await compositor.call('errors')).toEqual([]);
    await compositor.call('dispose');
  });
}

const red: Scene = { id: 'red', name: 'Red', layers: [layer('red', 'red', {})] };
const blue: Scene = { id: 'blue', name: 'Blue', layers: [layer('blue', 'blue', {})] };

async function openRedBlue(page: CompositorPage): Promise<void> {
  await page.call('start', { width: 640, height: 360, frameRate: 30, renderer: 'auto' });
  await page.call('setFill', 'red', '#ff0000');
  await page.call('setFill', 'blue', '#0000ff');
  await page.call('setProgram', red);
  await expect.poll(async () => near((await page.call('sample', [[0.5, 0.5]]))[0]!, RED)).toBe(true);
}

test('a fade blends both scenes midway and ends on the new one', async ({ page }) => {
  const compositor = await new CompositorPage(page).open();
  await openRedBlue(compositor);
  const samples = await compositor.call('transitionSampling', blue, { kind: 'fade', durationMs: 1500 }, [
    [0.5, 0.5],
  ]);
  expect(await compositor.call('errors')).toEqual([]);
  const blends = samples.filter(
    ([pixel]) => pixel![0] > 60 && pixel![0] < 195 && pixel![2] > 60 && pixel![2] < 195,
  );
  expect(blends.length, `samples: ${JSON.stringify(samples)}`).toBeGreaterThan(0);
  await expect.poll(async () => near((await compositor.call('sample', [[0.5, 0.5]]))[0]!, BLUE)).toBe(true);
});

test('a wipe and a slide come in from the side they are given', async ({ page }) => {
  const compositor = await new CompositorPage(page).open();
  await openRedBlue(compositor);
  const firstBlue = (samples: Pixel[][], point: number) =>
    samples.findIndex((row) => near(row[point]!, BLUE, 60));
  const wipe = await compositor.call(
    'transitionSampling',
    blue,
    { kind: 'wipe', durationMs: 1200, direction: 'left' },
    [
      [0.1, 0.5],
      [0.9, 0.5],
    ],
  );
  expect(firstBlue(wipe, 0)).toBeGreaterThanOrEqual(0);
  // Not yet blue on the right when the left turned (or, on a slow machine, at least not before).
  expect(firstBlue(wipe, 1) === -1 || firstBlue(wipe, 0) < firstBlue(wipe, 1)).toBe(true);
  const slide = await compositor.call(
    'transitionSampling',
    red,
    { kind: 'slide', durationMs: 1200, direction: 'right' },
    [
      [0.1, 0.5],
      [0.9, 0.5],
    ],
  );
  const firstRed = (point: number) => slide.findIndex((row) => near(row[point]!, RED, 60));
  expect(firstRed(1)).toBeGreaterThanOrEqual(0);
  expect(firstRed(0) === -1 || firstRed(1) < firstRed(0)).toBe(true);
  await expect.poll(async () => near((await compositor.call('sample', [[0.1, 0.5]]))[0]!, RED)).toBe(true);
});

test('a second take during a transition finishes the first, and the preview shows the preview scene', async ({
  page,
}) => {
  const compositor = await new CompositorPage(page).open();
  await openRedBlue(compositor);
  await compositor.call('attachPreview', 320, 180);
  await compositor.call('setPreview', blue);
  await expect
    .poll(async () => near((await compositor.call('samplePreview', [[0.5, 0.5]]))[0]!, BLUE))
    .toBe(true);
  const order = await page.evaluate(
    async ([to, back]) => {
      const harness = window.__compositorHarness;
      const done: string[] = [];
      const first = harness.transition(to, { kind: 'fade', durationMs: 5000 }).then(() => done.push('first'));
      const second = harness.transition(back, { kind: 'cut', durationMs: 0 }).then(() => done.push('second'));
      await Promise.all([first, second]);
      return done;
    },
    [blue, red] as const,
  );
  expect(order).toEqual(['first', 'second']);
  await expect.poll(async () => near((await compositor.call('sample', [[0.5, 0.5]]))[0]!, RED)).toBe(true);
});

test('the output keeps running when a source track ends, and changes size on demand', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['camera']);
  const compositor = await new CompositorPage(page).open();
  await compositor.call('start', { width: 640, height: 360, frameRate: 30, renderer: 'auto' });
  await compositor.call('setFill', 'bg', '#2040c0');
  await compositor.call('setCameraTrack', 'camera');
  await compositor.call('setProgram', {
    id: 'cam',
    name: 'Camera',
    layers: [layer('bg', 'bg', {}), layer('camera', 'camera', { x: 0.5, y: 0, width: 0.5, height: 0.5 })],
  });
  await expect.poll(async () => near((await compositor.call('sample', [[0.75, 0.25]]))[0]!, BG)).toBe(false);
  await compositor.call('stopTrack', 'camera');
  // The ended source draws nothing; the program goes on.
  await expect.poll(async () => near((await compositor.call('sample', [[0.75, 0.25]]))[0]!, BG)).toBe(true);
  const before = (await compositor.call('stats')).framesRendered;
  expect(await compositor.call('presentedFrames', 1000)).toBeGreaterThan(2);
  await expect.poll(async () => (await compositor.call('stats')).framesRendered).toBeGreaterThan(before);
  expect(await compositor.call('outputState')).toBe('live');

  await compositor.call('setOutput', 1280, 720, 30);
  await expect.poll(() => compositor.call('videoSize')).toEqual({ width: 1280, height: 720 });
  await expect.poll(async () => (await compositor.call('stats')).width).toBe(1280);
  expect(await compositor.call('errors')).toEqual([]);
});

test('dispose stops the worker and the output track, not the sources', async ({ page }) => {
  const compositor = await new CompositorPage(page).open();
  const workerClosed = new Promise<string>((resolve) =>
    page.on('worker', (worker) => {
      if (worker.url().startsWith('blob:')) worker.on('close', () => resolve(worker.url()));
    }),
  );
  await compositor.call('start', { width: 640, height: 360, frameRate: 30, renderer: 'auto' });
  await compositor.call('setCanvasTrack', 'pattern', { width: 160, height: 90, bands: ['#ff0000'] });
  await compositor.call('setProgram', { id: 's', name: 's', layers: [layer('p', 'pattern', {})] });
  await expect.poll(async () => near((await compositor.call('sample', [[0.5, 0.5]]))[0]!, RED)).toBe(true);
  await compositor.call('dispose');
  expect(await compositor.call('outputState')).toBe('ended');
  expect(await compositor.call('trackState', 'pattern')).toBe('live');
  await workerClosed;
});
