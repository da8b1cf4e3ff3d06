import { expect, expectFramesAdvance, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { summarizeLatency } from './probe/latency-summary';

/**
 * Each player engine, on its own (no player core), plays the studio's live test pattern from the
 * source Brume lists for it: frames advance, audio decodes, the engine knows it is live and how far
 * behind the edge it is. Latency is printed, not asserted (this machine is shared and noisy).
 */
const ENGINES = [
  { engine: 'mse-ws', protocol: 'ws-mp4' },
  { engine: 'hlsjs', protocol: 'll-hls' },
  { engine: 'dashjs', protocol: 'll-dash' },
  { engine: 'shaka', protocol: 'll-hls' },
  { engine: 'shaka', protocol: 'll-dash' },
  { engine: 'vhs', protocol: 'll-hls' },
  { engine: 'native', protocol: 'mp4' },
] as const;

for (const { engine, protocol } of ENGINES) {
  test(`engine ${engine} plays the live ${protocol} output`, async ({ stream, openStudio, openPlayer }) => {
    const studio = await (await openStudio()).open(stream, 'pattern');
    await studio.goLive();
    const viewer = await openPlayer();
    const info = await (await viewer.page.request.get(`/api/streams/${stream}`)).json();
    const source = (info as { sources: { protocol: string }[] }).sources.find((s) => s.protocol === protocol);
    expect(source, `${protocol} listed`).toBeDefined();

    const page = await new EnginePage(viewer.page).open();
    // The stream too, so the engine gets the real StreamInfo (timeline, tracks) as the core gives it.
    await page.play(engine, { stream, source: source as never });
    await expectFramesAdvance(page, 20_000);
    const playing = await page.state();
    expect(playing.error).toBeNull();
    expect(playing.harness.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(playing.harness.isLive).toBe(true);
    await expect
      .poll(async () => (await page.state()).audioDecodedBytes, { timeout: 5_000 })
      .toBeGreaterThan(playing.audioDecodedBytes);
    const reading = await page.latency();
    console.log(
      `engine ${engine} (${protocol}) glass-to-glass latency: ${JSON.stringify({
        ...summarizeLatency(reading),
        engineLatencyMs:
          playing.harness.liveLatency === undefined ? null : Math.round(playing.harness.liveLatency * 1000),
        streamLagMs: playing.harness.streamLagMs ?? null,
      })}`,
    );
    await page.dispose();
    await studio.stop();
  });
}
