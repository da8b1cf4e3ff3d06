import { expect, fetchStreamInfo, median, percentile, test } from './fixtures';
import { pageBundle } from './page-bundle';
import type { StreamTimeProbe } from './metadata-harness/stream-time-probe';

type ProbeWindow = Window & { __streamTimeProbe: StreamTimeProbe };

const LIVE_EVENTS = 6;

function summary(values: number[]): { median: number; p95: number; max: number; min: number } {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    median: round(median(values)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    min: round(Math.min(...values)),
  };
}

/**
 * The Brume player on WHEP: metadata events POSTed to a live publish of the studio's test pattern
 * reach it over the `brume-metadata` data channel and fire once each, in time order, on the
 * displayed frame of their time. The engine's stream time of displayed frames is compared with the
 * test pattern's timecode, before (arrival-anchored) and after (the relay's clock messages).
 */
test('metadata over WHEP fires on the frame of its time, and clock messages place frames exactly', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  test.setTimeout(90_000);
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const viewer = await openPlayer();
  const { page } = viewer;
  const post = async (event: { data: unknown; time?: number; duration?: number }) => {
    const response = await page.request.post(`/api/streams/${stream}/tracks/chat`, { data: event });
    expect(response.status()).toBe(202);
  };
  // Before the player joins, lasting a minute: the channel's backlog brings it, and it fires (late) once.
  await post({ data: { n: 'before' }, duration: 60_000 });
  await page.addInitScript({
    content: await pageBundle(new URL('./metadata-harness/stream-time-probe.ts', import.meta.url)),
  });
  const player = await viewer.openDemo(stream, { engine: 'whep', protocol: 'whep' });
  await player.expectStatus('playing', 30_000);
  expect(await player.state()).toMatchObject({ engine: 'whep' });
  const { startUnixMs } = (await fetchStreamInfo(page.request, stream)).timeline;
  const read = () => page.evaluate(() => (window as unknown as ProbeWindow).__streamTimeProbe.read());
  // The mapping error is compared from here on: the first clock message came long before.
  await page.waitForTimeout(2_000);
  const settledFrames = (await read()).frames.length;

  // Scheduled half a second past the relay's live edge, so each one reaches the player before its
  // frame. (One stamped "now" is at the newest packaged frame, which a WHEP viewer may already
  // show: it fires at once, late; see the report.)
  for (let n = 0; n < LIVE_EVENTS; n++) {
    const { lastMs } = (await fetchStreamInfo(page.request, stream)).timeline;
    await post({ data: { n }, time: lastMs + 500 });
    await page.waitForTimeout(400);
  }
  await post({ data: { n: 'now' } });
  await expect
    .poll(async () => (await read()).fired.length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(LIVE_EVENTS + 2);
  await page.waitForTimeout(500);
  const { frames, fired } = await read();

  const ids = fired.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(fired.filter((e) => (e.data as { n: unknown }).n === 'before')).toMatchObject([{ late: true }]);
  expect(fired.filter((e) => (e.data as { n: unknown }).n === 'now')).toHaveLength(1);
  const live = fired.filter((e) => typeof (e.data as { n: unknown }).n === 'number');
  expect(live.map((e) => (e.data as { n: number }).n)).toEqual([...Array(LIVE_EVENTS).keys()]);
  const times = live.map((e) => e.time);
  expect(times).toEqual([...times].sort((a, b) => a - b));

  // Fired on time: on the first displayed frame whose stream time reaches the event's (frames
  // come irregularly on a loaded machine, so "within two frames" is checked as exactly that).
  for (const event of live) {
    expect(event.late).toBe(false);
    const at = frames.findIndex((f) => f.engineMs !== undefined && f.engineMs === event.frameEngineMs);
    expect(at, `the frame event ${event.id} fired on`).toBeGreaterThan(0);
    expect(event.frameEngineMs!).toBeGreaterThanOrEqual(event.time);
    expect(frames[at - 1]!.engineMs!).toBeLessThan(event.time);
  }
  const mapped = frames.flatMap((f) => (f.engineMs === undefined ? [] : [f.engineMs]));
  const frameMs = median(mapped.slice(1).map((ms, i) => ms - mapped[i]!));
  const offsets = live.map((e) => e.frameEngineMs! - e.time);
  const timecodeOffsets = live.flatMap((e) =>
    e.frameCaptureUnixMs === undefined ? [] : [e.frameCaptureUnixMs - startUnixMs - e.time],
  );

  // Stream time of displayed frames against the timecode: the engine's (clock messages) and the
  // arrival-anchored mapping it used before. Only frames whose timecode changed count: a loaded
  // studio sends repeats of its canvas under new timestamps.
  const settled = frames.slice(settledFrames);
  const fresh = settled.filter(
    (f, i) =>
      f.captureUnixMs !== undefined &&
      f.engineMs !== undefined &&
      (i === 0 || f.captureUnixMs !== settled[i - 1]!.captureUnixMs),
  );
  expect(fresh.length).toBeGreaterThan(10);
  // Frame to frame, the engine's stream time must step exactly as the frames' RTP timestamps do
  // (it maps each frame through its own timestamp); media time alone would be off by the render
  // timing jitter (what extrapolating from the previous frame on media time would give).
  const rtpSteps = settled.flatMap((f, i) => {
    const previous = settled[i - 1];
    if (!previous || f.rtpTimestamp === undefined || previous.rtpTimestamp === undefined) return [];
    if (f.engineMs === undefined || previous.engineMs === undefined) return [];
    const rtpMs = ((f.rtpTimestamp - previous.rtpTimestamp) | 0) / 90;
    return [
      {
        engine: Math.abs(f.engineMs - previous.engineMs - rtpMs),
        mediaTime: Math.abs((f.mediaTime - previous.mediaTime) * 1000 - rtpMs),
      },
    ];
  });
  expect(rtpSteps.length).toBeGreaterThan(10);
  const exactError = fresh.map((f) => f.engineMs! - (f.captureUnixMs! - startUnixMs));
  const arrivalError = fresh.map((f) => f.arrivalUnixMs - f.captureUnixMs!);
  console.log(
    `metadata over WHEP: ${JSON.stringify({
      events: live.length,
      displayedFrameMs: Math.round(frameMs * 10) / 10,
      fireOffsetMs: summary(offsets),
      fireOffsetByTimecodeMs: timecodeOffsets.length ? summary(timecodeOffsets) : null,
      streamTimeMinusTimecodeMs: {
        clockMessages: summary(exactError),
        arrivalAnchored: summary(arrivalError),
      },
      framesCompared: fresh.length,
      frameStepVsRtpMs: {
        engine: summary(rtpSteps.map((step) => step.engine)),
        mediaTimeOnly: summary(rtpSteps.map((step) => step.mediaTime)),
      },
    })}`,
  );
  // Clock messages between two frames may move the mapping by the timeline's slewing (≤ 5 %).
  expect(median(rtpSteps.map((step) => step.engine))).toBeLessThan(1);
  // A wrong offset, sign or wrap would be off by seconds or more.
  expect(Math.abs(median(exactError))).toBeLessThan(1_000);
  await studio.stop();
});
