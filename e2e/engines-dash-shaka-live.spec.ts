import { expect, expectFramesAdvance, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { summarizeLatency } from './probe/latency-summary';

/**
 * The engines with their own live sync (dash.js, shaka) over a longer live run than
 * engines-live.spec.ts: latency once settled and stalls are printed; `goLive()` keeps playing; and
 * when the publish ends (static MPD, EXT-X-ENDLIST) the engine says the content is no longer live
 * and completes without an error (segment requests past the end are not failures).
 */
const CASES = [
  { engine: 'dashjs', protocol: 'll-dash' },
  { engine: 'shaka', protocol: 'll-hls' },
  { engine: 'shaka', protocol: 'll-dash' },
] as const;

/** Seconds of media played before the latency counts as settled (the live sync had time to act). */
const SETTLE_S = 12;

for (const { engine, protocol } of CASES) {
  test(`engine ${engine} holds ${protocol} near its target and completes when the publish ends`, async ({
    stream,
    openStudio,
    openPlayer,
  }) => {
    test.setTimeout(120_000);
    const studio = await (await openStudio()).open(stream, 'pattern');
    await studio.goLive();
    const viewer = await openPlayer();
    const info = (await (await viewer.page.request.get(`/api/streams/${stream}`)).json()) as {
      sources: { protocol: string }[];
    };
    const source = info.sources.find((s) => s.protocol === protocol);
    expect(source, `${protocol} listed`).toBeDefined();

    const page = await new EnginePage(viewer.page).open();
    await page.play(engine, { stream, source: source as never });
    await expectFramesAdvance(page, 20_000);
    // Media time, not probe samples: on a loaded machine the probe reads fewer frames than play.
    const startedAt = (await page.state()).currentTime;
    await expect
      .poll(async () => (await page.state()).currentTime, { timeout: 60_000 })
      .toBeGreaterThan(startedAt + SETTLE_S);
    const reading = await page.latency();
    const settled = await page.state();
    expect(settled.harness.events.filter((e) => e.type === 'error')).toEqual([]);
    const firstPlaying = settled.harness.events.find((e) => e.type === 'playing')?.at ?? Infinity;
    console.log(
      `engine ${engine} (${protocol}) settled latency: ${JSON.stringify({
        ...summarizeLatency(reading, 90),
        engineLatencyMs: Math.round((settled.harness.liveLatency ?? NaN) * 1000),
        streamLagMs: settled.harness.streamLagMs ?? null,
        stallsAfterStart: settled.harness.events.filter((e) => e.type === 'stalled' && e.at > firstPlaying)
          .length,
      })}`,
    );

    await page.goLive();
    await expectFramesAdvance(page, 10_000);

    await studio.stop();
    await expect.poll(async () => (await page.harness()).isLive, { timeout: 20_000 }).toBe(false);
    await expect
      .poll(async () => (await page.harness()).events.map((e) => e.type), { timeout: 20_000 })
      .toContain('complete')
      .catch(async (error: unknown) => {
        // What the element was doing when the end never came: the place to start looking.
        const { harness, ...video } = await page.state();
        console.log(
          `engine ${engine} did not complete: ${JSON.stringify({ video, events: harness.events })}`,
        );
        throw error;
      });
    const ended = await page.state();
    expect(ended.harness.events.filter((e) => e.type === 'error')).toEqual([]);
    await page.dispose();
  });
}
