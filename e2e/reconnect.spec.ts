import { expect, test } from './fixtures';

test('a publisher that stops and goes live again is picked up by the open player without reload', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  // Marks this document: a reload would lose it.
  await player.page.evaluate(() => ((window as { __marker?: number }).__marker = 42));

  await studio.stop();
  await player.expectStatus('ended');
  await studio.goLive();
  await player.expectStatus('playing');
  expect(await player.countPresentedFrames(1_000)).toBeGreaterThan(5);
  expect(await player.page.evaluate(() => (window as { __marker?: number }).__marker)).toBe(42);
});

test('a publisher whose tab dies and comes back under the same name is picked up', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const first = await (await openStudio()).open(stream, 'pattern');
  await first.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  await player.page.evaluate(() => ((window as { __marker?: number }).__marker = 7));

  // The tab dies without its DELETE reaching the server: the server has to notice the dead session
  // itself and let the new publisher in.
  await first.page.route('**/whip/**', (route) => route.abort());
  await first.page.context().close();
  const second = await (await openStudio()).open(stream, 'pattern');
  await expect(async () => {
    await second.page.getByTestId('go-live').click();
    await second.expectState('live', 5_000);
  }).toPass({ timeout: 30_000 });

  await player.expectStatus('playing', 30_000);
  await expect.poll(() => player.countPresentedFrames(1_000), { timeout: 20_000 }).toBeGreaterThan(5);
  expect(await player.page.evaluate(() => (window as { __marker?: number }).__marker)).toBe(7);
});
