import { expect, test } from './fixtures';
import { startVodFixtures, type VodFixtures } from './vod/vod-fixtures';

/**
 * The skin in Chromium on the demo page: VoD from a plain static server (HLS and DASH with two
 * renditions) through the whole player — quality menu, keyboard seeking, the end — and the keyboard
 * shortcuts on a live stream.
 */
let fixtures: VodFixtures;
test.beforeAll(async () => {
  fixtures = await startVodFixtures();
});
test.afterAll(async () => {
  await fixtures?.close();
});

for (const kind of ['hls', 'dash'] as const) {
  test(`VoD ${kind} from a plain server: quality menu, keyboard seek, end`, async ({ openPlayer }) => {
    const player = await (await openPlayer()).openDemo('', { src: fixtures[kind] });
    await player.expectStatus('playing', 30_000);
    const state = await player.state();
    expect(state).toMatchObject({ live: false, protocol: kind });
    expect(state.duration).toBeGreaterThan(7);

    // Quality menu: Auto plus both renditions; picking 360p switches the picture.
    await player.root.hover();
    await player.page.getByTestId('quality-menu-button').click();
    const options = player.page.getByTestId('quality-option');
    await expect(options).toHaveCount(3);
    // "Auto" also names the rendition it is on ("Auto 360p"): pick the rendition's own entry.
    await options.filter({ hasText: /^360p ·/ }).click();
    await expect.poll(async () => (await player.videoSize()).height, { timeout: 15_000 }).toBe(360);

    // Keyboard: "5" seeks to 50 %, then playback runs to the end.
    await player.root.focus();
    await player.page.keyboard.press('5');
    await expect
      .poll(async () => (await player.state()).currentTime, { timeout: 10_000 })
      .toBeGreaterThan(3.5);
    await player.expectStatus('ended', 20_000);
    await expect(player.page.getByTestId('replay-button')).toBeVisible();
  });
}

test('keyboard shortcuts on a live stream: pause, mute, stats panel', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  await player.root.focus();

  const muted = (await player.state()).muted;
  await player.page.keyboard.press('m');
  await expect.poll(async () => (await player.state()).muted).toBe(!muted);

  await player.page.keyboard.press('k');
  await expect.poll(async () => (await player.state()).paused).toBe(true);
  await player.page.keyboard.press(' ');
  await expect.poll(async () => (await player.state()).paused).toBe(false);

  await player.page.keyboard.press('s');
  const panel = player.page.getByTestId('stats-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('[data-stat=engine]')).toContainText('whep');
  await player.page.keyboard.press('s');
  await expect(panel).toBeHidden();
});
