import { expect, expectFramesAdvance, test } from './fixtures';
import { EnginePage } from './engine-harness/engine-harness-script';
import { urlSource } from './engine-harness/url-source';

/**
 * A recording plays back as VoD: the studio's test pattern is recorded for a few seconds, the
 * publish ends, and the engines play the file's HLS (byte ranges into the recording, no copy) and
 * the file itself: not live, the whole recording seekable, a seek lands, and playback ends.
 */
const ENGINES = [
  { engine: 'hlsjs', kind: 'hls' },
  { engine: 'shaka', kind: 'hls' },
  { engine: 'native', kind: 'mp4' },
] as const;

interface Listed {
  stream: string;
  url: string;
  hls: string;
  durationMs: number | null;
  active: boolean;
}

test.describe.configure({ mode: 'serial' });

let recording: Listed | undefined;

test('a recorded publish is listed with its HLS playlist', async ({ stream, openStudio, request }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  expect((await request.post(`/api/streams/${stream}/recording`)).status()).toBe(201);
  await expect
    .poll(
      async () => {
        const { recordings } = (await (await request.get('/api/recordings')).json()) as {
          recordings: Listed[];
        };
        return recordings.find((file) => file.stream === stream)?.durationMs ?? 0;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(12_000);
  await studio.stop();
  await expect
    .poll(
      async () => {
        const { recordings } = (await (await request.get('/api/recordings')).json()) as {
          recordings: Listed[];
        };
        recording = recordings.find((file) => file.stream === stream && !file.active);
        return recording !== undefined;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  expect(recording!.hls).toBe(`${recording!.url}.m3u8`);
});

for (const { engine, kind } of ENGINES) {
  test(`engine ${engine} plays, seeks and ends the recording as ${kind} VoD`, async ({ openPlayer }) => {
    expect(recording, 'the recording of the first test').toBeDefined();
    const durationS = recording!.durationMs! / 1000;
    const viewer = await openPlayer();
    const page = await new EnginePage(viewer.page).open();
    await page.play(engine, { source: urlSource(kind === 'hls' ? recording!.hls : recording!.url, kind) });
    await expectFramesAdvance(page, 20_000);
    const playing = await page.state();
    expect(playing.error).toBeNull();
    expect(playing.harness.isLive).toBe(false);
    expect(playing.harness.seekRange?.end).toBeGreaterThan(durationS - 1.5);

    // A third in: what is left plays long enough to count frames after the seek on a loaded machine.
    await page.seek(durationS / 3);
    await expect
      .poll(async () => (await page.state()).currentTime, { timeout: 10_000 })
      .toBeGreaterThan(durationS / 3 - 0.5);
    await expectFramesAdvance(page, 10_000);
    await expect.poll(async () => (await page.state()).ended, { timeout: 20_000 }).toBe(true);
    const ended = await page.state();
    expect(ended.harness.events.filter((e) => e.type === 'error')).toEqual([]);
    await page.dispose();
  });
}

test('the dashboard lists the recording and its Play link plays it in the page player', async ({
  openPlayer,
}) => {
  expect(recording, 'the recording of the first test').toBeDefined();
  const viewer = await openPlayer();
  await viewer.page.goto('/');
  const item = viewer.page.getByTestId('recording').filter({ hasText: recording!.stream });
  await expect(item).toBeVisible({ timeout: 10_000 });
  await item.getByRole('link', { name: 'Play' }).click();
  await expect(viewer.root).toBeVisible();
  await viewer.expectStatus('playing');
  const state = await viewer.state();
  // The HLS VoD, the first source the link gives; not live, the whole recording seekable.
  expect(state.sourceUrl).toBe(recording!.hls);
  expect(state.live).toBe(false);
  expect(state.seekable?.end).toBeGreaterThan(recording!.durationMs! / 1000 - 1.5);
  expect(await viewer.countPresentedFrames(1500)).toBeGreaterThan(10);
});
