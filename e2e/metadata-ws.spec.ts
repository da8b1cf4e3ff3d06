import type { Page } from '@playwright/test';
import type { PlayerTestBridge } from '@brume/player';
import type { StreamInfo } from '@brume/protocol';
import { expect, fetchStreamInfo, median, test } from './fixtures';

/**
 * Metadata over the WebSocket fMP4 (`meta` messages) into the whole Brume player, forced to the
 * mse-ws engine on the studio's live test pattern: events POSTed to the stream (one before the
 * viewer joined, one ahead of the live edge, three at the edge, one late, one subtitle) reach
 * `player.metadata.subscribe` once each, in time order, on the first displayed frame at or after
 * their time (the frame's stream time is the engine's `mediaTimeToStreamMs`, as the core uses);
 * a seek back into the DVR window (a server seek: never buffered) plays again and fires the ones
 * after the seek point again, once each, on their frame (Chromium may report a frame of the old
 * position after `seeking`; it must not start the new run).
 */

/** What the page records: every fired event, and every displayed frame, in order. */
interface Fired {
  id: number;
  track: string;
  time: number;
  late: boolean;
  /** Index in `frames` of the frame it fired on (the core fires before it reports the frame). */
  frame: number;
  /**
   * Whether it fired while the core handled a displayed frame (that frame was reported in the same
   * task), not from the core's `timeupdate` fallback for when frames stop.
   */
  inFrame: boolean;
  /** The stream time of `currentTime` when it fired (the fallback's clock). */
  playheadMs: number;
}
interface Frame {
  streamMs: number | undefined;
  mediaTime: number;
}
interface Recorded {
  fired: Fired[];
  frames: Frame[];
}

/** Subscribes to every track and records the frames, in the page (`window.__metadataE2e`). */
async function record(page: Page): Promise<void> {
  await page.waitForFunction(() => !!(window as { __brume?: PlayerTestBridge }).__brume?.player);
  await page.evaluate(() => {
    const player = (window as { __brume?: PlayerTestBridge }).__brume!.player!;
    const recorded: Recorded = { fired: [], frames: [] };
    (window as unknown as { __metadataE2e: Recorded }).__metadataE2e = recorded;
    player.metadata.subscribe('*', (event) => {
      const fired: Fired = {
        id: event.id ?? -1,
        track: event.track,
        time: event.time,
        late: event.late,
        frame: recorded.frames.length,
        inFrame: false,
        playheadMs: 0,
      };
      const frames = recorded.frames.length;
      const last = recorded.frames.at(-1);
      // The offset of media time to stream time, from the last frame (mse-ws: a constant).
      if (last?.streamMs !== undefined) {
        fired.playheadMs = last.streamMs + (player.video.currentTime - last.mediaTime) * 1000;
      }
      // The core reports the frame right after it fired the frame's events, in the same task.
      queueMicrotask(() => (fired.inFrame = recorded.frames.length > frames));
      recorded.fired.push(fired);
    });
    player.on('frame', (frame) =>
      recorded.frames.push({ streamMs: frame.streamMs, mediaTime: frame.mediaTime }),
    );
  });
}

async function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { __metadataE2e: Recorded }).__metadataE2e);
}

/**
 * Checks each non-late event fired at or past its time, and returns how far past (ms) for those
 * fired on a frame. On a frame: the first displayed frame at or past its time (the frame before was
 * still before it). Off a frame: the core's fallback when no frame came for 500 ms (a starved
 * decoder; `currentTime` runs on the audio clock), which fires on `currentTime`.
 */
function offsets(data: Recorded, fired: readonly Fired[]): number[] {
  const result: number[] = [];
  for (const f of fired) {
    if (f.late) continue;
    if (!f.inFrame) {
      expect(f.playheadMs, `event ${f.id} on currentTime`).toBeGreaterThanOrEqual(f.time - 0.5);
      continue;
    }
    const frame = data.frames[f.frame]?.streamMs;
    const previous = data.frames[f.frame - 1]?.streamMs;
    expect(frame, `frame of event ${f.id}`).toBeDefined();
    expect(frame!, `event ${f.id} fired on a frame at or past its time`).toBeGreaterThanOrEqual(f.time - 0.5);
    if (previous !== undefined)
      expect(previous, `event ${f.id}: the frame before was before it`).toBeLessThan(f.time);
    result.push(frame! - f.time);
  }
  return result;
}

function summary(values: readonly number[]): string {
  if (values.length === 0) return 'none on a frame';
  return `median ${median(values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;
}

test('metadata events POSTed to a live stream fire once each on their frame with mse-ws, again after a seek back', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  test.setTimeout(180_000);
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  // A DVR window to seek back into.
  await studio.page.waitForTimeout(6_000);
  const viewer = await openPlayer();
  const { request } = viewer.page;
  const edgeMs = async () => (await fetchStreamInfo(request, stream)).timeline.lastMs;
  const post = async (track: string, body: Record<string, unknown>): Promise<number> => {
    const response = await request.post(`/api/streams/${stream}/tracks/${track}`, { data: body });
    expect(response.status(), await response.text()).toBe(202);
    return ((await response.json()) as { ids: number[] }).ids[0]!;
  };
  const put = await request.put(`/api/streams/${stream}/tracks/en`, {
    data: { kind: 'subtitle', lang: 'en' },
  });
  expect(put.ok()).toBe(true);
  // Before the viewer joins, 3 s behind the edge: silent until a seek brings playback before it.
  const before = await post('score', { time: (await edgeMs()) - 3000, data: 'before' });

  const player = await viewer.openDemo(stream, { engine: 'mse-ws', protocol: 'ws-mp4' });
  await record(viewer.page);
  await player.expectStatus('playing', 30_000);
  expect(await player.state()).toMatchObject({ engine: 'mse-ws', protocol: 'ws-mp4' });
  await expect
    .poll(async () => (await recorded(viewer.page)).frames.length, { timeout: 30_000 })
    .toBeGreaterThan(10);

  const ahead = await post('score', { time: (await edgeMs()) + 1500, data: 'ahead' });
  const atEdge: number[] = [];
  for (let i = 0; i < 3; i++) {
    atEdge.push(await post('score', { data: { edge: i } }));
    await viewer.page.waitForTimeout(300);
  }
  const subtitle = await post('en', { data: 'Hello', duration: 2000 });
  // Behind the playhead: 1 s before the frame on screen.
  const shown = (await recorded(viewer.page)).frames.at(-1)!.streamMs!;
  const late = await post('score', { time: shown - 1000, data: 'late' });
  const live = [ahead, ...atEdge, subtitle, late];

  await expect
    .poll(async () => (await recorded(viewer.page)).fired.map((f) => f.id).sort((a, b) => a - b), {
      timeout: 10_000,
    })
    .toEqual([...live].sort((a, b) => a - b));
  // Settle, then check nothing fired twice.
  await viewer.page.waitForTimeout(1_000);
  const first = await recorded(viewer.page);
  expect(first.fired.map((f) => f.id).sort((a, b) => a - b)).toEqual([...live].sort((a, b) => a - b));
  expect(first.fired.find((f) => f.id === late)?.late).toBe(true);
  const onTime = first.fired.filter((f) => !f.late);
  expect(onTime.map((f) => f.id)).toEqual(expect.arrayContaining([ahead, ...atEdge, subtitle]));
  expect(onTime.map((f) => f.time)).toEqual([...onTime.map((f) => f.time)].sort((a, b) => a - b));
  const liveOffsets = offsets(first, onTime);
  const frameMs = median(
    first.frames
      .slice(1)
      .map((f, i) => (f.streamMs ?? NaN) - (first.frames[i]!.streamMs ?? NaN))
      .filter((d) => d > 0),
  );

  // Seek back 1 s before the event that predates the viewer: a server seek (never buffered).
  const reference = first.frames.at(-1)!;
  const offsetS = reference.mediaTime - reference.streamMs! / 1000;
  const info: StreamInfo = await fetchStreamInfo(request, stream);
  const beforeTime = (await (await request.get(`/api/streams/${stream}/tracks/score`)).json()) as {
    events: { id: number; time: number }[];
  };
  const beforeMs = beforeTime.events.find((e) => e.id === before)!.time;
  expect(beforeMs).toBeGreaterThan(info.timeline.firstMs + 1000);
  const firedBefore = first.fired.length;
  const framesBefore = (await recorded(viewer.page)).frames.length;
  const seekMs = beforeMs - 1000;
  await viewer.page.evaluate(
    (to) => (window as { __brume?: PlayerTestBridge }).__brume!.player!.seek(to),
    seekMs / 1000 + offsetS,
  );
  const replayed = [before, ahead, ...atEdge, subtitle, late].sort((a, b) => a - b);
  await expect
    .poll(
      async () =>
        (await recorded(viewer.page)).fired
          .slice(firedBefore)
          .map((f) => f.id)
          .sort((a, b) => a - b),
      // Plays ~10 s of media again, in real time at best (slower on a starved machine).
      { timeout: 45_000 },
    )
    .toEqual(replayed);
  // Settle, then check nothing fired twice.
  await viewer.page.waitForTimeout(1_000);
  const second = await recorded(viewer.page);
  const again = second.fired.slice(firedBefore);
  expect(again.map((f) => f.id).sort((a, b) => a - b)).toEqual(replayed);
  // Frames advance again from the seek point (the first ones may still be the old position's).
  const replayedFrames = second.frames
    .slice(framesBefore)
    .map((f) => f.streamMs ?? NaN)
    .filter((ms) => ms >= seekMs - 500);
  expect(replayedFrames.length).toBeGreaterThan(10);
  expect(Math.min(...replayedFrames)).toBeLessThan(seekMs + 500);
  expect(Math.max(...replayedFrames)).toBeGreaterThan(Math.max(...again.map((f) => f.time)));
  // Played back from before them: every one is on time now, in time order, each once.
  expect(again.filter((f) => f.late)).toEqual([]);
  expect(again.map((f) => f.time)).toEqual([...again.map((f) => f.time)].sort((a, b) => a - b));
  const seekOffsets = offsets(second, again);
  const offFrame = (fired: readonly Fired[]) => fired.filter((f) => !f.late && !f.inFrame).length;

  console.log(
    `metadata over mse-ws: frames ${frameMs.toFixed(1)} ms apart; fired after their time on the frame: ` +
      `live ${summary(liveOffsets)}; after the seek back ${summary(seekOffsets)}; ` +
      `fired on currentTime (no frame for 500 ms): ${offFrame(onTime)} live, ${offFrame(again)} after the seek`,
  );
  // On the frame: the first frame at or past the time (checked above), typically within two frames.
  const onFrames = [...liveOffsets, ...seekOffsets];
  expect(onFrames.length).toBeGreaterThan(0);
  expect(median(onFrames)).toBeLessThanOrEqual(2 * frameMs);
  await studio.stop();
});
