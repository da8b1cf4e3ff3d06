import { mkdirSync, writeFileSync } from 'node:fs';
import type { Scene } from '@brume/studio';
import { expect, median, test } from '../fixtures';
import { layer } from '../compositor-harness/scene-fixtures';
import { CdpBrowser } from '../headed/cdp-browser';
import { CdpCompositorPage } from '../headed/cdp-compositor-page';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The compositor at 1080p30 with six layers (test pattern track, fake camera track, image,
 * text, gradient fill, chroma-keyed picture) for BENCH_SECONDS (60) seconds per pass: render time
 * p50/p95, skipped and dropped frames, output fps. Two passes per renderer: the tab in front, and
 * hidden behind another tab. It runs a headed Chromium under Xvfb driven over CDP (see
 * `headed/cdp-browser.ts`): under Playwright a tab never becomes hidden. The printed visibility and
 * main-thread animation frames show the hidden pass really was hidden (rAF stops).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RENDERERS = (process.env.BENCH_RENDERERS ?? 'auto,webgl2').split(',') as (
  'auto' | 'webgl2' | 'canvas2d'
)[];

const scene: Scene = {
  id: 'bench',
  name: 'Bench',
  layers: [
    layer('pattern', 'pattern', {}),
    layer('camera', 'camera', { x: 0.62, y: 0.58, width: 0.35, height: 0.35, rotation: 3 }),
    layer('logo', 'logo', { x: 0.03, y: 0.04, width: 0.1, height: 0.1 * (16 / 9) }),
    layer('band', 'band', { x: 0, y: 0.78, width: 1, height: 0.14, opacity: 0.7 }),
    layer('text', 'text', { x: 0.05, y: 0.8, width: 0.5, height: 0.1 }),
    layer('keyed', 'keyed', {
      x: 0.6,
      y: 0.05,
      width: 0.35,
      height: 0.35,
      chromaKey: { color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 },
    }),
  ],
};

interface Pass {
  renderer: string;
  mode: 'visible' | 'hidden';
  visibility: string;
  animationFrames: number;
  seconds: number;
  framesRendered: number;
  framesSkipped: number;
  framesDropped: number;
  fps: number;
  renderP50Ms: number;
  renderP95Ms: number;
  renderP95MaxMs: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

test('compositor 1080p30, six layers, visible and hidden', async ({ baseURL }) => {
  test.setTimeout((SECONDS * 2 + 60) * RENDERERS.length * 1000);
  const passes: Pass[] = [];
  const browser = await CdpBrowser.launch();
  try {
    for (const renderer of RENDERERS) {
      const tab = await browser.openTab(`${baseURL}/api/streams`);
      const compositor = await new CdpCompositorPage(tab).open();
      const started = await compositor.call('start', { width: 1920, height: 1080, frameRate: 30, renderer });
      await compositor.call('setPatternTrack', 'pattern', 1280, 720);
      await compositor.call('setCameraTrack', 'camera');
      await compositor.call('setBitmap', 'logo', {
        width: 400,
        height: 400,
        bands: ['#e63946', '#f1faee', '#457b9d'],
        square: { color: '#1d3557', size: 160 },
      });
      await compositor.call('setFill', 'band', '#101820', { to: '#3050a0', angleDeg: 0 });
      await compositor.call('setBitmap', 'text', {
        width: 960,
        height: 108,
        bands: ['rgba(0,0,0,0)'],
        text: { value: 'Brume studio — compositor bench', color: '#ffffff', font: 'bold 56px sans-serif' },
      });
      await compositor.call('setBitmap', 'keyed', {
        width: 640,
        height: 360,
        bands: ['#00ff00'],
        square: { color: '#ff00ff', size: 200 },
      });
      await compositor.call('setProgram', scene);
      // Warm up: sources start, textures and caches fill.
      await sleep(3000);

      for (const mode of ['visible', 'hidden'] as const) {
        const cover = mode === 'hidden' ? await browser.openTab('about:blank') : undefined;
        const from = (await compositor.call('statsLog')).length;
        const framesBefore = await compositor.animationFrames();
        await sleep(SECONDS * 1000);
        const log = (await compositor.call('statsLog')).slice(from);
        const animationFrames = (await compositor.animationFrames()) - framesBefore;
        await cover?.close();
        await tab.bringToFront();
        expect(log.length, 'stats events in the pass').toBeGreaterThan(SECONDS / 2);
        const first = log[0]!;
        const last = log.at(-1)!;
        passes.push({
          renderer: `${renderer} → ${started.renderer}`,
          mode,
          visibility: [...new Set(log.map((s) => s.visibility))].join('/'),
          animationFrames,
          seconds: log.length,
          framesRendered: last.framesRendered - first.framesRendered,
          framesSkipped: last.framesSkipped - first.framesSkipped,
          framesDropped: last.framesDropped - first.framesDropped,
          fps: round(median(log.map((s) => s.fps))),
          renderP50Ms: round(median(log.map((s) => s.renderMs.p50))),
          renderP95Ms: round(median(log.map((s) => s.renderMs.p95))),
          renderP95MaxMs: round(Math.max(...log.map((s) => s.renderMs.p95))),
        });
      }
      expect(await compositor.call('errors')).toEqual([]);
      await compositor.call('dispose');
      await tab.close();
    }
  } finally {
    await browser.close();
  }
  console.table(passes);
  console.log(`compositor bench: ${JSON.stringify(passes)}`);
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync(
    'e2e/test-results/bench-compositor.json',
    JSON.stringify({ seconds: SECONDS, passes }, null, 2),
  );
});
