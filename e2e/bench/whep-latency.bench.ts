import { mkdirSync, writeFileSync } from 'node:fs';
import { median, percentile, test } from '../fixtures';

/**
 * WHEP glass-to-glass latency and time to first frame, measured with the test-pattern timecode.
 * One publisher (studio test pattern, 1280×720 at 30 fps, H.264), then JOINS viewers one after another,
 * each joining mid-stream and watching until its meter has decoded FRAMES timecodes.
 */
const JOINS = Number(process.env.BENCH_JOINS ?? 5);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 300);

test('WHEP latency and time to first frame', async ({ stream, openStudio, openPlayer }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  // Let the encoder ramp its bitrate up, as a viewer joining a running show would see it.
  await studio.page.waitForTimeout(3_000);

  const runs: { ttffMs: number; navToLiveMs: number; medianMs: number; p95Ms: number; frames: number }[] = [];
  const all: number[] = [];
  for (let i = 0; i < JOINS; i++) {
    const player = await openPlayer();
    const started = Date.now();
    await player.openDemo(stream);
    await player.expectStatus('playing');
    const navToLiveMs = Date.now() - started;
    const stats = await player.waitForLatencySamples(FRAMES, 120_000);
    const samples = stats.latency.samples.slice(-FRAMES);
    all.push(...samples);
    runs.push({
      ttffMs: Math.round(stats.timeToFirstFrameMs ?? NaN),
      navToLiveMs,
      medianMs: Math.round(median(samples)),
      p95Ms: Math.round(percentile(samples, 95)),
      frames: samples.length,
    });
    await player.page.context().close();
  }
  const summary = {
    joins: JOINS,
    framesPerJoin: FRAMES,
    latencyMedianMs: Math.round(median(all)),
    latencyP95Ms: Math.round(percentile(all, 95)),
    ttffMedianMs: Math.round(median(runs.map((r) => r.ttffMs))),
    navToLiveMedianMs: Math.round(median(runs.map((r) => r.navToLiveMs))),
    runs,
  };
  console.table(runs);
  console.log(`WHEP bench: ${JSON.stringify({ ...summary, runs: undefined })}`);
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync('e2e/test-results/bench-whep.json', JSON.stringify(summary, null, 2));
});
