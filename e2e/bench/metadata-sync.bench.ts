import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, fetchStreamInfo, median, percentile, test } from '../fixtures';
import { pageBundle } from '../page-bundle';
import {
  readRecordedFrames,
  recordProgressive,
  type RecordedFrame,
} from '../metadata-harness/recorded-frames';
import type { FiredEvent, ProbedFrame, StreamTimeProbe } from '../metadata-harness/stream-time-probe';

/**
 * How close to its frame a metadata callback runs, per engine, measured on the pictures.
 *
 * The studio's test pattern stamps every frame with its capture time. While the bench runs, the
 * relay's own `/:name.mp4` of the stream is recorded and decoded with ffmpeg afterwards: that is
 * the truth, independent of any player — each frame's stream time (its `tfdt`) beside its timecode.
 * Events are POSTed for stream times a little ahead of the live edge (alternating a JSON track and a
 * subtitle track). In the player, each callback reads the timecode of the frame on screen (drawImage
 * of the video inside the requestVideoFrameCallback the core fires it from). The offset of an event
 * is the number of recorded frames between the first frame at or past its time (where it should
 * fire) and the frame that was on screen — 0 is exact, 1 is one frame late, negative is early.
 *
 * Also per engine: how far the engine's stream time of displayed frames (`mediaTimeToStreamMs`,
 * what the core schedules on) is from the recorded truth for the same picture.
 */
const ENGINES = (process.env.BENCH_ENGINES ?? 'whep,mse-ws,hlsjs,dashjs,shaka').split(',');
const PROTOCOL: Record<string, string> = {
  whep: 'whep',
  'mse-ws': 'ws-mp4',
  hlsjs: 'll-hls',
  dashjs: 'll-dash',
  shaka: 'll-dash',
};
const EVENTS = Number(process.env.BENCH_EVENTS ?? 30);
/** How far past the relay's newest frame events are scheduled: ahead of every engine's playhead. */
const LEAD_MS = 400;
const JSON_TRACK = 'bench-json';
const SUBTITLE_TRACK = 'bench-captions';

type ProbeWindow = Window & { __streamTimeProbe: StreamTimeProbe };

interface Posted {
  id: number;
  track: string;
  time: number;
}

interface EngineRun {
  engine: string;
  posted: Posted[];
  fired: FiredEvent[];
  frames: ProbedFrame[];
  missing: number[];
}

interface Row {
  engine: string;
  protocol: string;
  events: number;
  /** Posted and never fired. */
  missing: number;
  /** Events whose on-screen timecode could not be read or found in the recording. */
  unmatched: number;
  late: number;
  offsetFrames: { p50: number; p95: number; max: number; min: number } | null;
  /**
   * Events whose own frame the player presented at all (a frame it skips cannot carry its event:
   * the callback then runs on the next one shown), and the offsets of just those.
   */
  targetShown: number;
  offsetFramesWhenShown: { p50: number; p95: number; max: number } | null;
  /** Share of the recorded frames in the run's span that the player presented. */
  presentedShare: number;
  /** On-screen frame's recorded stream time − event time. */
  offsetMs: { p50: number; p95: number; max: number } | null;
  /** |engine stream time − recorded stream time| over displayed frames. */
  mappingErrorMs: { p50: number; p95: number; frames: number } | null;
}

/** Recorded frames by timecode: a studio under load repeats a picture under a new timestamp. */
function indexByCapture(truth: readonly RecordedFrame[]): Map<number, number[]> {
  const index = new Map<number, number[]>();
  truth.forEach((frame, i) => {
    if (frame.captureUnixMs === undefined) return;
    const list = index.get(frame.captureUnixMs) ?? [];
    list.push(i);
    index.set(frame.captureUnixMs, list);
  });
  return index;
}

/** The recorded frame holding this picture nearest to `near` (a repeated picture is the same picture). */
function nearest(indices: readonly number[] | undefined, near: number): number | undefined {
  if (!indices?.length) return undefined;
  return indices.reduce((best, i) => (Math.abs(i - near) < Math.abs(best - near) ? i : best));
}

function summarize(run: EngineRun, truth: readonly RecordedFrame[], byCapture: Map<number, number[]>): Row {
  const offsets: number[] = [];
  const offsetsWhenShown: number[] = [];
  const offsetMs: number[] = [];
  let unmatched = 0;
  const presented = new Set(
    run.frames.flatMap((frame) => (frame.captureUnixMs === undefined ? [] : [frame.captureUnixMs])),
  );
  for (const event of run.fired) {
    const target = truth.findIndex((frame) => frame.streamMs >= event.time - 0.5);
    const shown =
      event.frameCaptureUnixMs === undefined || target < 0
        ? undefined
        : nearest(byCapture.get(event.frameCaptureUnixMs), target);
    if (shown === undefined) {
      unmatched++;
      continue;
    }
    offsets.push(shown - target);
    if (presented.has(truth[target]!.captureUnixMs!)) offsetsWhenShown.push(shown - target);
    offsetMs.push(truth[shown]!.streamMs - event.time);
  }
  const mapping = run.frames.flatMap((frame) => {
    if (frame.engineMs === undefined || frame.captureUnixMs === undefined) return [];
    const indices = byCapture.get(frame.captureUnixMs);
    // Only pictures the recording holds once: a repeated one has no single stream time.
    if (indices?.length !== 1) return [];
    return [Math.abs(frame.engineMs - truth[indices[0]!]!.streamMs)];
  });
  const round = (n: number) => Math.round(n * 10) / 10;
  const span = run.frames.flatMap((frame) => (frame.engineMs === undefined ? [] : [frame.engineMs]));
  const inSpan = truth.filter(
    (frame) => frame.streamMs >= Math.min(...span) && frame.streamMs <= Math.max(...span),
  );
  const pictures = new Set(inSpan.map((frame) => frame.captureUnixMs));
  const presentedShare = pictures.size
    ? [...pictures].filter((c) => presented.has(c!)).length / pictures.size
    : 0;
  return {
    engine: run.engine,
    protocol: PROTOCOL[run.engine]!,
    events: run.fired.length,
    missing: run.missing.length,
    unmatched,
    late: run.fired.filter((event) => event.late).length,
    offsetFrames: offsets.length
      ? {
          p50: median(offsets),
          p95: percentile(offsets, 95),
          max: Math.max(...offsets),
          min: Math.min(...offsets),
        }
      : null,
    targetShown: offsetsWhenShown.length,
    offsetFramesWhenShown: offsetsWhenShown.length
      ? {
          p50: median(offsetsWhenShown),
          p95: percentile(offsetsWhenShown, 95),
          max: Math.max(...offsetsWhenShown),
        }
      : null,
    presentedShare: Math.round(presentedShare * 1000) / 1000,
    offsetMs: offsetMs.length
      ? {
          p50: round(median(offsetMs)),
          p95: round(percentile(offsetMs, 95)),
          max: round(Math.max(...offsetMs)),
        }
      : null,
    mappingErrorMs: mapping.length
      ? { p50: round(median(mapping)), p95: round(percentile(mapping, 95)), frames: mapping.length }
      : null,
  };
}

test('metadata: callback offset from its frame, in frames, per engine', async ({
  stream,
  openStudio,
  openPlayer,
  baseURL,
}) => {
  test.setTimeout(120_000 + ENGINES.length * 90_000);
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const api = studio.page.request;
  const declared = await api.put(`/api/streams/${stream}/tracks/${SUBTITLE_TRACK}`, {
    data: { kind: 'subtitle', lang: 'en', label: 'English' },
  });
  expect(declared.ok()).toBe(true);
  const recording = recordProgressive(baseURL!, stream);
  const probe = await pageBundle(new URL('../metadata-harness/stream-time-probe.ts', import.meta.url));

  const runs: EngineRun[] = [];
  for (const engine of ENGINES) {
    const viewer = await openPlayer();
    await viewer.page.addInitScript({ content: probe });
    await viewer.openDemo(stream, { engine, protocol: PROTOCOL[engine]! });
    await viewer.expectStatus('playing', 40_000);
    expect((await viewer.state()).engine).toBe(engine);
    // Settled at the live edge: engines that jump forward while they settle skip what they jump over.
    await viewer.page.waitForTimeout(3_000);

    const posted: Posted[] = [];
    for (let n = 0; n < EVENTS; n++) {
      const { lastMs } = (await fetchStreamInfo(api, stream)).timeline;
      const track = n % 2 ? SUBTITLE_TRACK : JSON_TRACK;
      // A sub-frame spread, so event times fall at every phase between two frames.
      const time = lastMs + LEAD_MS + ((n * 11) % 33);
      const body = n % 2 ? { data: `caption ${n}`, time, duration: 400 } : { data: { n }, time };
      const response = await api.post(`/api/streams/${stream}/tracks/${track}`, { data: body });
      expect(response.status()).toBe(202);
      posted.push({ id: ((await response.json()) as { ids: number[] }).ids[0]!, track, time });
      await viewer.page.waitForTimeout(300 + 97 * (n % 3));
    }
    const read = () =>
      viewer.page.evaluate(() => (window as unknown as ProbeWindow).__streamTimeProbe.read());
    const ours = async () => (await read()).fired.filter((e) => posted.some((p) => p.id === e.id));
    const deadline = Date.now() + 20_000;
    while ((await ours()).length < EVENTS && Date.now() < deadline) await viewer.page.waitForTimeout(250);
    await viewer.page.waitForTimeout(1_000); // a repeat would show now
    const { fired, frames } = await read();
    const mine = fired.filter((event) => posted.some((p) => p.id === event.id));
    const shown = frames.flatMap((f) => (f.engineMs === undefined ? [] : [Math.round(f.engineMs)]));
    const context = `${engine}: posted ${JSON.stringify(posted)}, fired ${JSON.stringify(
      mine.map((e) => ({ id: e.id, time: e.time, late: e.late, at: e.frameEngineMs })),
    )}, frames shown ${shown[0]}..${shown.at(-1)} (${shown.length})`;
    // Correct first: each once, on its own track, in time order per track.
    const missing = posted.filter((p) => !mine.some((e) => e.id === p.id)).map((p) => p.id);
    if (missing.length) console.log(`metadata sync bench: missing events, ${context}`);
    const ids = mine.map((e) => e.id);
    expect(new Set(ids).size, `${engine}: each event once`).toBe(ids.length);
    for (const event of mine) expect(event.track).toBe(posted.find((p) => p.id === event.id)!.track);
    for (const track of [JSON_TRACK, SUBTITLE_TRACK]) {
      const times = mine.filter((e) => e.track === track).map((e) => e.time);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    runs.push({ engine, posted, fired: mine, frames, missing });
    await viewer.page.context().close();
  }

  await studio.stop();
  const files = await recording.stop();
  const truth = (await Promise.all(files.map((file) => readRecordedFrames(file)))).flat();
  truth.sort((a, b) => a.streamMs - b.streamMs);
  const readable = truth.filter((frame) => frame.captureUnixMs !== undefined).length;
  expect(readable, 'timecodes read off the recording').toBeGreaterThan(truth.length * 0.9);
  const byCapture = indexByCapture(truth);
  const repeated = [...byCapture.values()].filter((list) => list.length > 1).length;
  const frameMs = median(truth.slice(1).map((frame, i) => frame.streamMs - truth[i]!.streamMs));

  const rows = runs.map((run) => summarize(run, truth, byCapture));
  const result = {
    recordedFrames: truth.length,
    readableTimecodes: readable,
    repeatedPictures: repeated,
    frameMs: Math.round(frameMs * 10) / 10,
    rows,
  };
  console.log(`metadata sync bench: ${JSON.stringify(result, null, 1)}`);
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync('e2e/test-results/metadata-sync.json', JSON.stringify(result, null, 2));
  for (const row of rows) expect(row.missing, `${row.engine}: events never fired`).toBe(0);
  for (const row of rows)
    expect(row.unmatched, `${row.engine}: events whose picture was found`).toBeLessThan(row.events / 2);
});
