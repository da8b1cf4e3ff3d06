import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTimecode, timecodeSampleSize } from '@brume/protocol';

/** One frame as the relay packaged it: its stream time (`tfdt`-based) and its test-pattern timecode. */
export interface RecordedFrame {
  streamMs: number;
  /** Capture time (Unix ms) drawn by the studio's test pattern; undefined if unreadable. */
  captureUnixMs: number | undefined;
}

export interface ProgressiveRecording {
  /** Ends the download; the files written (one per `.mp4` response: a new one after a video change). */
  stop(): Promise<string[]>;
}

/**
 * Downloads the live `/:name.mp4` until stopped: the server's own record of every frame it relayed,
 * with its stream time, independent of any player. The response ends when the video configuration
 * changes (the studio's encoder settling on its resolution), so it reconnects into a new file.
 */
export function recordProgressive(baseUrl: string, stream: string): ProgressiveRecording {
  const dir = mkdtempSync(join(tmpdir(), 'brume-recording-'));
  const files: string[] = [];
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      const response = await fetch(`${baseUrl}/${encodeURIComponent(stream)}.mp4`, {
        signal: abort.signal,
      }).catch(() => undefined);
      if (!response?.ok || !response.body) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const file = join(dir, `part-${files.length}.mp4`);
      files.push(file);
      const out = createWriteStream(file);
      try {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          out.write(value);
        }
      } catch {
        // Aborted by stop(), or the response broke off: either way the file holds whole fragments
        // up to there, which ffmpeg reads.
      }
      await new Promise<void>((resolve) => out.end(resolve));
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
      return files;
    },
  };
}

function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(new Error(`${command} exited ${code}: ${err.slice(-2000)}`)),
    );
  });
}

/**
 * Every video frame of a recorded file, in presentation order: stream time from its `tfdt`-based
 * timestamp (`-copyts`: not shifted to zero) and the timecode read
 * off its decoded pixels, sampled the way the player-side probe reads them.
 */
export async function readRecordedFrames(file: string, nowMs = Date.now()): Promise<RecordedFrame[]> {
  const probe = JSON.parse(
    (
      await run('ffprobe', [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=width,height,time_base:frame=pts',
        '-of',
        'json',
        file,
      ])
    ).toString(),
  ) as { streams: { width: number; height: number; time_base: string }[]; frames: { pts?: number }[] };
  const stream = probe.streams[0];
  if (!stream) return [];
  const [num, den] = stream.time_base.split('/').map(Number) as [number, number];
  const { stripHeight, width, height } = timecodeSampleSize(stream.width, stream.height);
  const pixels = await run('ffmpeg', [
    '-v',
    'error',
    '-copyts',
    '-i',
    file,
    '-map',
    '0:v:0',
    '-vf',
    `crop=${stream.width}:${stripHeight}:0:0,scale=${width}:${height}`,
    '-fps_mode',
    'passthrough',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    'pipe:1',
  ]);
  const frameBytes = width * height * 4;
  const decoded = Math.floor(pixels.length / frameBytes);
  if (decoded !== probe.frames.length) {
    throw new Error(`${file}: ffprobe listed ${probe.frames.length} frames, ffmpeg decoded ${decoded}`);
  }
  return probe.frames.map((frame, i) => ({
    streamMs: ((frame.pts ?? NaN) * num * 1000) / den,
    captureUnixMs: decodeTimecode(
      pixels.subarray(i * frameBytes, (i + 1) * frameBytes),
      width,
      height,
      nowMs,
    ),
  }));
}
