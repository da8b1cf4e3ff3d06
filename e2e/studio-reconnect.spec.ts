import { expect, test } from './fixtures';

/**
 * The server drops the studio's session (its WHIP resource is deleted from outside, as an operator
 * kicking it or a relay restart would): the studio notices on its own, shows Reconnecting, tries an
 * ICE restart (the resource is gone: 404), re-POSTs, and is live again; the open player resumes.
 */
test('the studio reconnects by itself when the server drops its session, and the player resumes', async ({
  stream,
  openStudio,
  openPlayer,
  request,
}) => {
  test.setTimeout(120_000);
  const studio = await (await openStudio()).open(stream, 'pattern');
  const posts: string[] = [];
  const states: string[] = [];
  studio.page.on('response', (response) => {
    const req = response.request();
    if (
      req.method() === 'POST' &&
      new URL(req.url()).pathname.startsWith('/whip/') &&
      response.status() === 201
    ) {
      posts.push(new URL(response.headers()['location']!, req.url()).toString());
    }
  });
  await studio.goLive();
  expect(posts).toHaveLength(1);
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');

  // Record the state line's changes from here on.
  await studio.page.exposeFunction('__recordState', (s: string) => states.push(s));
  await studio.page.evaluate(() => {
    const line = document.querySelector('[data-testid="studio-state"]')!;
    new MutationObserver(() => {
      void (window as unknown as { __recordState(s: string): Promise<void> }).__recordState(
        line.getAttribute('data-state') ?? '',
      );
    }).observe(line, { attributes: true, attributeFilter: ['data-state'] });
  });

  // The server ends the session; nothing tells the browser but the media stopping.
  expect((await request.delete(posts[0]!)).status()).toBe(200);

  await expect.poll(() => states, { timeout: 30_000 }).toContain('reconnecting');
  await studio.expectState('live', 45_000);
  expect(posts.length).toBeGreaterThanOrEqual(2);
  await expect(studio.page.getByTestId('state-duration')).toBeVisible();
  // The viewer's player follows the stream back without a reload.
  await player.expectStatus('playing', 45_000);
  expect(await player.countPresentedFrames(2000)).toBeGreaterThan(10);
  console.log(`studio states after the drop: ${states.join(' → ')}; POSTs: ${posts.length}`);
});
