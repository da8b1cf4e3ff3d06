import { expect, test } from './fixtures';

test('an ICE restart by PATCH keeps the same WHIP session live and the player playing', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  const whip: { method: string; status: number; ifMatch?: string }[] = [];
  studio.page.on('response', (response) => {
    const request = response.request();
    if (!new URL(request.url()).pathname.startsWith('/whip/')) return;
    whip.push({
      method: request.method(),
      status: response.status(),
      ifMatch: request.headers()['if-match'],
    });
  });
  await studio.goLive();
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');

  const pairId = () =>
    studio.page.evaluate(async () => {
      const report = await window.__brumeStudio?.publisher?.peerConnection?.getStats();
      let id: string | undefined;
      report?.forEach((entry: { type: string; selectedCandidatePairId?: string }) => {
        if (entry.type === 'transport') id = entry.selectedCandidatePairId;
      });
      return id;
    });
  const before = await pairId();

  // As the studio does when the browser comes back online.
  await studio.page.evaluate(() => window.__brumeStudio?.publisher?.refreshConnection());
  await studio.expectState('live');

  // RFC 9725 §4.4: PATCH with If-Match "*" answered 200, and no new POST.
  expect(whip.filter((r) => r.method === 'PATCH' && r.ifMatch === '*').map((r) => r.status)).toEqual([200]);
  expect(whip.filter((r) => r.method === 'POST')).toHaveLength(1);
  await expect.poll(pairId).not.toBe(before);
  expect(await player.countPresentedFrames(1_500)).toBeGreaterThan(10);
  await expect(player.root).toHaveAttribute('data-state', 'playing');
});
