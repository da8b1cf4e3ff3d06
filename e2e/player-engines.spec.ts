import { expect, test } from './fixtures';

/**
 * The whole player (core + skin, on the demo page) plays the studio's live publish with each engine
 * forced in turn, and picks WHEP by itself in Chromium. Time to first frame is printed per engine.
 */
const FORCED = [
  { engine: 'whep', protocol: 'whep' },
  { engine: 'mse-ws', protocol: 'ws-mp4' },
  { engine: 'hlsjs', protocol: 'll-hls' },
  { engine: 'dashjs', protocol: 'll-dash' },
  { engine: 'shaka', protocol: 'll-hls' },
  { engine: 'vhs', protocol: 'll-hls' },
  { engine: 'native', protocol: 'mp4' },
] as const;

test('default selection in Chromium is WHEP', async ({ stream, openStudio, openPlayer }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  const state = await player.state();
  expect(state).toMatchObject({ engine: 'whep', protocol: 'whep', live: true });
  expect(state.combos.map((c) => c.engine).slice(0, 3)).toEqual(['whep', 'mse-ws', 'hlsjs']);
});

for (const { engine, protocol } of FORCED) {
  test(`the player plays the live stream with engine ${engine} forced`, async ({
    stream,
    openStudio,
    openPlayer,
  }) => {
    const studio = await (await openStudio()).open(stream, 'pattern');
    await studio.goLive();
    const player = await (await openPlayer()).openDemo(stream, { engine, protocol });
    await player.expectStatus('playing', 30_000);
    const state = await player.state();
    expect(state).toMatchObject({ engine, protocol, live: true, error: undefined });
    await expect.poll(() => player.countPresentedFrames(1_000), { timeout: 15_000 }).toBeGreaterThan(5);
    const stats = await player.stats();
    console.log(
      `player engine ${engine} (${protocol}): ${JSON.stringify({
        timeToFirstFrameMs: Math.round(stats.timeToFirstFrameMs ?? -1),
        liveLatencyMs: state.liveLatency === undefined ? null : Math.round(state.liveLatency * 1000),
        size: `${stats.width}x${stats.height}`,
      })}`,
    );
    await studio.stop();
    await player.expectStatus('ended', 30_000);
  });
}
