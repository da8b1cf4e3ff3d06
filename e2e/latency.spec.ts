import { writeFileSync, mkdirSync } from 'node:fs';
import { expect, median, percentile, test } from './fixtures';

/**
 * Glass-to-glass latency over WHEP: the studio's test pattern paints each frame's capture time as a
 * timecode; the player decodes it off every displayed frame. Figures are printed (and kept in
 * test-results/latency.json), never asserted: this machine is shared and noisy.
 */
test('the player measures glass-to-glass latency off the test pattern', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();

  const player = await (await openPlayer()).openDemo(stream);
  const navigatedAt = Date.now();
  await player.expectStatus('playing');
  const firstLiveAfterNavMs = Date.now() - navigatedAt;

  const stats = await player.waitForLatencySamples(120);
  const samples = stats.latency.samples;
  expect(samples.length).toBeGreaterThanOrEqual(100);
  const result = {
    frames: samples.length,
    medianMs: Math.round(median(samples)),
    p95Ms: Math.round(percentile(samples, 95)),
    minMs: Math.round(Math.min(...samples)),
    maxMs: Math.round(Math.max(...samples)),
    timeToFirstFrameMs:
      stats.timeToFirstFrameMs === undefined ? undefined : Math.round(stats.timeToFirstFrameMs),
    navigationToLiveMs: firstLiveAfterNavMs,
    resolution: `${stats.width}x${stats.height}`,
  };
  console.log(`WHEP glass-to-glass latency: ${JSON.stringify(result)}`);
  // Decoding sanity (not speed): a capture time in the future or minutes old means a misread.
  for (const sample of samples) {
    expect(sample).toBeGreaterThan(0);
    expect(sample).toBeLessThan(10_000);
  }
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync('e2e/test-results/latency.json', JSON.stringify(result, null, 2));
});
