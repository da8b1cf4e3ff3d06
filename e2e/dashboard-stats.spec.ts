import { expect, test } from './fixtures';

test('the dashboard shows a live stream with its viewers by protocol and an ingest bitrate chart', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'camera');
  await studio.goLive();
  await expect.poll(async () => (await studio.stats())?.video?.bitrateKbps ?? 0).toBeGreaterThan(0);

  // The demo page plays the stream over WHEP: itself a viewer of it.
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');

  const row = player.page.locator(`[data-testid="stream-row"][data-stream="${stream}"]`);
  await expect(row.getByTestId('viewer-count')).toHaveText('1', { timeout: 10_000 });
  await expect(row.getByTestId('viewers-by-protocol')).toHaveText('whep 1');

  // The chart fills with one sample a second: a line of several points, and a bitrate beside it.
  const chart = row.getByTestId('bitrate-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-samples')), { timeout: 10_000 })
    .toBeGreaterThan(2);
  const path = await chart.locator('path').getAttribute('d');
  expect(path?.match(/[ML]/g)?.length ?? 0).toBeGreaterThan(2);
  await expect(row.locator('.sparkline__value')).toHaveText(/\d+(\.\d)? (k|M)bit\/s/);
  expect(await row.locator('.sparkline__value').textContent()).not.toBe('0 kbit/s');

  // A second viewer over another protocol is counted under it.
  const mp4 = await player.page.evaluate(async (name) => {
    // Read until the stream ends (the page closes with the test).
    const response = await fetch(`/${name}.mp4`);
    void response.body?.pipeTo(new WritableStream()).catch(() => undefined);
    return response.status;
  }, stream);
  expect(mp4).toBe(200);
  await expect(row.getByTestId('viewer-count')).toHaveText('2', { timeout: 10_000 });
  await expect(row.getByTestId('viewers-by-protocol')).toHaveText('whep 1 · mp4 1');

  await studio.stop();
  await expect(row.getByTestId('bitrate-chart')).toHaveCount(0, { timeout: 10_000 });
});
