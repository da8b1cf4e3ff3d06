import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '../fixtures';
import { AudioHarnessPage } from '../studio-audio-harness/harness-script';

/**
 * Can this machine record the program while it runs? A 1920x1080 canvas drawn at 30 fps plus a tone
 * through the mixer are recorded for SECONDS seconds as MP4 (WebCodecs, realtime latency mode: the
 * encoder drops frames rather than fall behind) and WebM (MediaRecorder); the frames in each file
 * (ffprobe -count_frames) against the frames drawn, the bitrate and the time `stop()` takes are
 * printed and written to test-results/bench-recording.json.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WIDTH = Number(process.env.BENCH_WIDTH ?? 1920);
const HEIGHT = Number(process.env.BENCH_HEIGHT ?? 1080);

interface Row {
  format: string;
  mimeType: string;
  seconds: number;
  framesDrawn: number;
  framesInFile: number;
  fileFps: number;
  kbps: number;
  stopMs: number;
}

test('program recording at 1080p30: frames kept, bitrate, stop time', async ({ page }) => {
  const audio = await new AudioHarnessPage(page).open();
  await audio.addTone('tone', 1000, -12);
  const dir = await mkdtemp(join(tmpdir(), 'brume-recording-bench-'));
  const rows: Row[] = [];
  try {
    for (const format of ['mp4', 'webm'] as const) {
      const outcome = await audio.record({ format, seconds: SECONDS, width: WIDTH, height: HEIGHT });
      const file = join(dir, outcome.fileName);
      await writeFile(file, Buffer.from(outcome.base64, 'base64'));
      const { stdout } = await promisify(execFile)('ffprobe', [
        ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
        ...['-show_entries', 'stream=nb_read_frames:format=duration', '-of', 'json', file],
      ]);
      const probe = JSON.parse(stdout) as {
        streams: { nb_read_frames: string }[];
        format: { duration: string };
      };
      const frames = Number(probe.streams[0]?.nb_read_frames);
      const seconds = Number(probe.format.duration);
      rows.push({
        format,
        mimeType: outcome.mimeType,
        seconds,
        framesDrawn: outcome.framesDrawn,
        framesInFile: frames,
        fileFps: frames / seconds,
        kbps: (outcome.size * 8) / seconds / 1000,
        stopMs: outcome.stopMs,
      });
    }
  } finally {
    await audio.dispose();
    await rm(dir, { recursive: true, force: true });
  }
  for (const row of rows) {
    console.log(
      `${row.format} ${WIDTH}x${HEIGHT}: ${row.framesInFile} frames in ${row.seconds.toFixed(2)} s ` +
        `(${row.fileFps.toFixed(1)} fps; canvas drew ${row.framesDrawn}), ${row.kbps.toFixed(0)} kbit/s, ` +
        `stop() ${row.stopMs.toFixed(0)} ms — ${row.mimeType}`,
    );
  }
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync(
    'e2e/test-results/bench-recording.json',
    JSON.stringify({ width: WIDTH, height: HEIGHT, rows }, null, 2),
  );
  expect(rows.every((row) => row.framesInFile > 0)).toBe(true);
});
