import { expect, expectFramesAdvance, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { urlSource } from './engine-harness/url-source';
import { DURATION_S, startVodFixtures, type VodFixtures } from './vod/vod-fixtures';

/**
 * Each engine plays VoD from a plain static server (not Brume): ffmpeg-made HLS and DASH with two
 * renditions and a progressive MP4. It knows the content is not live, seeks, switches quality where
 * there are renditions, and plays to the end.
 */
const ENGINES = [
  { engine: 'hlsjs', kind: 'hls', renditions: true },
  { engine: 'dashjs', kind: 'dash', renditions: true },
  { engine: 'shaka', kind: 'hls', renditions: true },
  { engine: 'shaka', kind: 'dash', renditions: true },
  { engine: 'vhs', kind: 'hls', renditions: true },
  { engine: 'vhs', kind: 'dash', renditions: true },
  { engine: 'native', kind: 'mp4', renditions: false },
] as const;

let fixtures: VodFixtures;
test.beforeAll(async () => {
  fixtures = await startVodFixtures();
});
test.afterAll(async () => {
  await fixtures?.close();
});

for (const { engine, kind, renditions } of ENGINES) {
  test(`engine ${engine} plays, seeks and ends ${kind} VoD from a plain server`, async ({ openPlayer }) => {
    const viewer = await openPlayer();
    const page = await new EnginePage(viewer.page).open();
    await page.play(engine, { source: urlSource(fixtures[kind], kind) });
    await expectFramesAdvance(page, 20_000);
    const playing = await page.state();
    expect(playing.error).toBeNull();
    expect(playing.harness.isLive).toBe(false);
    expect(playing.harness.liveLatency).toBeUndefined();
    expect(playing.harness.seekRange?.end).toBeGreaterThan(DURATION_S - 1);

    if (renditions) {
      const tracks = (await page.harness()).tracks!;
      expect(tracks.qualities.map((q) => q.height).sort()).toEqual([360, 720]);
      const low = tracks.qualities.find((q) => q.height === 360)!;
      await page.setQuality(low.id);
      await expect.poll(async () => (await page.state()).videoHeight, { timeout: 15_000 }).toBe(360);
      expect((await page.harness()).tracks!.quality).toBe(low.id);
    }

    await page.seek(DURATION_S / 2);
    await expect
      .poll(async () => (await page.state()).currentTime, { timeout: 10_000 })
      .toBeGreaterThan(DURATION_S / 2);
    await expectFramesAdvance(page, 10_000);

    await expect.poll(async () => (await page.state()).ended, { timeout: 20_000 }).toBe(true);
    const ended = await page.state();
    expect(ended.harness.events.map((e) => e.type)).toContain('complete');
    expect(ended.harness.events.filter((e) => e.type === 'error')).toEqual([]);
  });
}
