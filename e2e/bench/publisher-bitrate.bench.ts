import { mkdirSync, writeFileSync } from 'node:fs';
import type { StudioTestBridge } from '@brume/studio';
import { expect, test } from '../fixtures';

/**
 * How fast a Chromium publisher ramps up: the studio's 1280×720 30 fps test pattern goes live with
 * autostart, and its own getStats() is sampled every second for SECONDS seconds. The relay's REMB
 * and the studio's encoding parameters decide this curve; without them Chromium stays near
 * 300–450 kbit/s at a reduced resolution for a long time (see server/README.md).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CODEC = process.env.BENCH_CODEC ?? 'h264';

interface Sample {
  t: number;
  kbps: number | undefined;
  size: string;
  fps: number | undefined;
  limit: string | undefined;
  outgoingKbps: number | undefined;
}

test('publisher bitrate ramp-up', async ({ stream, openStudio }) => {
  const studio = await openStudio();
  const page = studio.page;
  await page.goto(`/studio/?stream=${encodeURIComponent(stream)}&source=pattern&codec=${CODEC}&autostart=1`);
  await studio.expectState('live');
  const samples: Sample[] = [];
  for (let t = 1; t <= SECONDS; t++) {
    await page.waitForTimeout(1000);
    const stats = await page.evaluate(() =>
      (window as { __brumeStudio?: StudioTestBridge }).__brumeStudio?.getStats(),
    );
    const video = stats?.video;
    samples.push({
      t,
      kbps: video?.bitrateKbps === undefined ? undefined : Math.round(video.bitrateKbps),
      size: video?.width ? `${video.width}x${video.height}` : '-',
      fps: video?.fps === undefined ? undefined : Math.round(video.fps),
      limit: video?.qualityLimitationReason,
      outgoingKbps:
        stats?.availableOutgoingBitrateKbps === undefined
          ? undefined
          : Math.round(stats.availableOutgoingBitrateKbps),
    });
  }
  console.table(samples);
  const firstAbove = samples.find((s) => (s.kbps ?? 0) >= 1500)?.t;
  const summary = { codec: CODEC, secondsTo1500Kbps: firstAbove ?? null, samples };
  console.log(`publisher bitrate bench: ${JSON.stringify({ ...summary, samples: undefined })}`);
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync('e2e/test-results/bench-publisher-bitrate.json', JSON.stringify(summary, null, 2));
  expect(samples.length).toBe(SECONDS);
});
