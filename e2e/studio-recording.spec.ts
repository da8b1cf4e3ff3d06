import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { expect, test } from './fixtures';
import { AudioHarnessPage, type RecordingOutcome } from './studio-audio-harness/harness-script';

/**
 * Local recording of the program: an animated canvas track and a tone through the mixer, recorded
 * in the page, the file's bytes brought out to Node and checked with ffprobe (and mediabunny).
 */

interface ProbeStream {
  codec_type: string;
  codec_name: string;
  duration?: string;
  width?: number;
  height?: number;
  sample_rate?: string;
}

interface Probe {
  streams: ProbeStream[];
  format: { format_name: string; duration?: string };
}

let audio: AudioHarnessPage;
let dir: string;

test.beforeEach(async ({ page }) => {
  audio = await new AudioHarnessPage(page).open();
  await audio.addTone('tone', 1000, -12);
  dir = await mkdtemp(join(tmpdir(), 'brume-recording-'));
});

test.afterEach(async () => {
  await audio.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function ffprobe(outcome: RecordingOutcome): Promise<{ probe: Probe; bytes: Buffer }> {
  const bytes = Buffer.from(outcome.base64, 'base64');
  const file = join(dir, outcome.fileName);
  await writeFile(file, bytes);
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-of',
    'json',
    file,
  ]);
  return { probe: JSON.parse(stdout) as Probe, bytes };
}

/** The loudest sample of the file's audio, dBFS (ffmpeg's volumedetect). */
async function maxVolumeDb(outcome: RecordingOutcome): Promise<number> {
  const { stderr } = await promisify(execFile)('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    join(dir, outcome.fileName),
    '-map',
    '0:a',
    '-af',
    'volumedetect',
    '-f',
    'null',
    '-',
  ]);
  const match = /max_volume: (-?[\d.]+) dB/.exec(stderr);
  if (!match) throw new Error(`no volumedetect figure in:\n${stderr}`);
  return Number(match[1]);
}

/** The longest duration ffprobe reports for the file or any stream, s. */
function probedDuration(probe: Probe): number {
  return Math.max(Number(probe.format.duration ?? 0), ...probe.streams.map((s) => Number(s.duration ?? 0)));
}

function expectCleanRun(outcome: RecordingOutcome): void {
  expect(outcome.states).toEqual(['starting', 'recording', 'stopping', 'stopped']);
  const bytes = outcome.progress.map((p) => p.bytes);
  expect(bytes.length).toBeGreaterThan(3);
  expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
  expect(bytes.at(-1)).toBe(outcome.size);
}

test('records 5 s of program to MP4 (H.264 + AAC or Opus), read back by ffprobe and mediabunny', async () => {
  const outcome = await audio.record({ format: 'mp4', seconds: 5 });
  const { probe, bytes } = await ffprobe(outcome);
  const video = probe.streams.find((s) => s.codec_type === 'video');
  const sound = probe.streams.find((s) => s.codec_type === 'audio');
  console.log(
    `mp4: ${outcome.mimeType}, ${outcome.size} bytes, ${outcome.durationMs} ms; ffprobe ${video?.codec_name} ` +
      `${video?.width}x${video?.height} + ${sound?.codec_name} ${sound?.sample_rate} Hz, ${probedDuration(probe).toFixed(2)} s`,
  );
  expect(outcome.fileName).toMatch(/^brume-\d{4}-\d\d-\d\d-\d{6}\.mp4$/);
  expect(outcome.mimeType).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, (mp4a\.40\.2|opus)"$/);
  expect(probe.format.format_name).toContain('mp4');
  expect(video?.codec_name).toBe('h264');
  expect([640, 360]).toEqual([video?.width, video?.height]);
  expect(['aac', 'opus']).toContain(sound?.codec_name);
  expect(probedDuration(probe)).toBeGreaterThan(4.5);
  expect(probedDuration(probe)).toBeLessThan(5.8);
  expect(Math.abs(outcome.durationMs / 1000 - probedDuration(probe))).toBeLessThan(0.3);
  expectCleanRun(outcome);
  // The −12 dBFS tone, through the master compressor (make-up gain) and limiter: sound, not silence.
  const loudest = await maxVolumeDb(outcome);
  console.log(`mp4 audio max volume ${loudest} dB`);
  expect(loudest).toBeGreaterThan(-20);
  expect(loudest).toBeLessThanOrEqual(-0.9);

  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const [videoTrack] = await input.getVideoTracks();
  const [audioTrack] = await input.getAudioTracks();
  expect(videoTrack?.codec).toBe('avc');
  expect(['aac', 'opus']).toContain(audioTrack?.codec);
  const duration = await input.computeDuration();
  expect(duration).toBeGreaterThan(4.5);
  expect(duration).toBeLessThan(5.8);
});

test('records 5 s of program to WebM (VP9 or VP8 + Opus) with MediaRecorder', async () => {
  const outcome = await audio.record({ format: 'webm', seconds: 5 });
  const { probe } = await ffprobe(outcome);
  const video = probe.streams.find((s) => s.codec_type === 'video');
  const sound = probe.streams.find((s) => s.codec_type === 'audio');
  console.log(
    `webm: ${outcome.mimeType}, ${outcome.size} bytes, ${outcome.durationMs} ms; ffprobe ${video?.codec_name} + ` +
      `${sound?.codec_name}, format duration ${probe.format.duration ?? 'N/A'}, ${probedDuration(probe).toFixed(2)} s`,
  );
  expect(outcome.fileName).toMatch(/\.webm$/);
  expect(outcome.mimeType).toMatch(/^video\/webm/);
  expect(probe.format.format_name).toContain('webm');
  expect(['vp9', 'vp8']).toContain(video?.codec_name);
  expect(sound?.codec_name).toBe('opus');
  // MediaRecorder writes no duration; the recorder's remux adds it.
  expect(Number(probe.format.duration)).toBeGreaterThan(4.5);
  expect(Number(probe.format.duration)).toBeLessThan(5.8);
  expect(Math.abs(outcome.durationMs / 1000 - Number(probe.format.duration))).toBeLessThan(0.3);
  expectCleanRun(outcome);
  const loudest = await maxVolumeDb(outcome);
  console.log(`webm audio max volume ${loudest} dB`);
  expect(loudest).toBeGreaterThan(-20);
  expect(loudest).toBeLessThanOrEqual(-0.9);
});

test('a video track that ends stops the recording cleanly with what was recorded', async () => {
  for (const format of ['mp4', 'webm'] as const) {
    const outcome = await audio.record({ format, seconds: 2, endVideoTrack: true });
    const { probe } = await ffprobe(outcome);
    const kinds = probe.streams.map((s) => s.codec_type).sort();
    console.log(
      `${format} ended by its track: ${outcome.size} bytes, ${outcome.durationMs} ms, streams ${kinds}`,
    );
    expect(kinds).toEqual(['audio', 'video']);
    expect(outcome.states).toEqual(['starting', 'recording', 'stopping', 'stopped']);
    expect(outcome.durationMs).toBeGreaterThan(1500);
    expect(outcome.durationMs).toBeLessThan(3000);
  }
});
