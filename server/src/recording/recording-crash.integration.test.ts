import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTool } from '../cmaf/testing/media-tools';
import { startMedia } from '../testing/test-media';
import { createPublisher, fullOffer, postOffer, waitFor, type TestPublisher } from '../testing/werift-client';

const CHILD = fileURLToPath(new URL('../testing/recording-relay-process.ts', import.meta.url));

/** Size of the one file under `dir/<stream>/`, 0 until it exists. */
function fileOf(dir: string, stream: string): { file: string; bytes: number } | undefined {
  const streamDir = path.join(dir, stream);
  const files = (() => {
    try {
      return readdirSync(streamDir);
    } catch {
      return [];
    }
  })();
  const name = files[0];
  if (!name) return undefined;
  const file = path.join(streamDir, name);
  return { file, bytes: statSync(file).size };
}

describe('a recording after the relay process is killed (SIGKILL)', () => {
  let child: ChildProcess | undefined;
  let publisher: TestPublisher | undefined;
  let stopMedia: (() => void) | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    stopMedia?.();
    await publisher?.pc.close();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is playable up to its last complete fragment', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'brume-crash-'));
    const relay = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = relay;
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      relay.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(line.trim());
      });
      relay.once('exit', (code) => reject(new Error(`relay process exited (${code}) before listening`)));
    });

    publisher = createPublisher();
    const whip = await postOffer(`${base}/whip/crash`, await fullOffer(publisher.pc));
    expect(whip.status).toBe(201);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher?.pc.connectionState === 'connected', 5000, 'publisher connected');
    stopMedia = startMedia(publisher).stop;

    // A few 1 s fragments into a file that would rotate only after 10 minutes: kill it mid-file.
    await waitFor(() => (fileOf(dir!, 'crash')?.bytes ?? 0) > 40_000, 15_000, 'fragments on disk');
    const exited = new Promise((resolve) => relay.once('exit', (_code, signal) => resolve(signal)));
    relay.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const { file } = fileOf(dir, 'crash')!;
    if (!hasTool('ffprobe')) return;
    const run = spawnSync(
      'ffprobe',
      ['-v', 'error', '-count_packets', '-show_streams', '-of', 'json', file],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const streams = (JSON.parse(run.stdout) as { streams: { codec_name: string; nb_read_packets: string }[] })
      .streams;
    const video = streams.find((stream) => stream.codec_name === 'h264');
    expect(Number(video?.nb_read_packets)).toBeGreaterThan(15);
    expect(Number(streams.find((stream) => stream.codec_name === 'opus')?.nb_read_packets)).toBeGreaterThan(
      0,
    );
    // Every fragment on disk decodes: nothing was left half-written in a user-space buffer.
    // In the file's own time base (`-enc_time_base -1`): the null muxer's default, 1/frame rate, folds
    // two pictures of a live (variable-rate) stream less than a frame apart onto one tick and complains
    // about the muxer's input ("non monotonically increasing dts"), not about the file.
    const decode = spawnSync(
      'ffmpeg',
      ['-v', 'error', '-i', file, '-enc_time_base', '-1', '-f', 'null', '-'],
      {
        encoding: 'utf8',
      },
    );
    expect(decode.status).toBe(0);
    expect(decode.stderr.trim()).toBe('');
  }, 40_000);
});
