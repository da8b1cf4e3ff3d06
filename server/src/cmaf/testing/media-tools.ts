import { spawnSync } from 'node:child_process';

/** Test-only wrappers around ffprobe/ffmpeg; tests that need them skip (with a message) when absent. */

export function hasTool(name: 'ffprobe' | 'ffmpeg'): boolean {
  const found = spawnSync(name, ['-version'], { stdio: 'ignore' }).status === 0;
  if (!found) console.warn(`${name} is not installed: skipping the CMAF readback tests that need it`);
  return found;
}

export interface ProbedStream {
  index: number;
  codec_name: string;
  codec_type: 'video' | 'audio';
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  time_base: string;
}

export interface ProbedPacket {
  stream_index: number;
  pts: number;
  dts: number;
  /** Absent when ffprobe has none ("N/A"). */
  duration?: number;
  size: string;
  flags: string;
}

export function ffprobe(file: string): { streams: ProbedStream[]; packets: ProbedPacket[] } {
  const run = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', file], {
    encoding: 'utf8',
  });
  if (run.status !== 0 || run.stderr.trim() !== '') throw new Error(`ffprobe failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { streams: ProbedStream[]; packets: ProbedPacket[] };
}

/** Decodes every stream to nothing; returns ffmpeg's error output (empty when the file is clean). */
export function ffmpegDecodeErrors(file: string): string {
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return run.status === 0 ? run.stderr.trim() : `exit ${run.status}: ${run.stderr}`;
}

/** Per-frame MD5s of the first video stream's decoded pictures (ffmpeg's framemd5 muxer). */
export function videoFrameMd5s(file: string, inputFormat?: string): string[] {
  const format = inputFormat ? ['-f', inputFormat] : [];
  const run = spawnSync(
    'ffmpeg',
    ['-v', 'error', ...format, '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`ffmpeg framemd5 failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)?.trim() ?? '');
}
