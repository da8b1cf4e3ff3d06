import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Files for the image and video-file sources, made by ffmpeg at test time and served with CORS
 * from their own loopback port (another origin than the page, as a URL a user pastes would be).
 *
 * - `/split.png`: 64×32, left half pure red, right half pure blue.
 * - `/clip.webm`: `CLIP_S` seconds of 320×240 test pattern at 30 fps (VP8) with a 440 Hz tone (Opus).
 * - `/not-an-image.png`: text with an image's name.
 */
export const CLIP_S = 2;

export interface MediaFixtures {
  origin: string;
  close(): Promise<void>;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

function makeFixtures(dir: string): void {
  ffmpeg([
    ...['-f', 'lavfi', '-i', 'color=c=red:s=64x32,drawbox=x=32:y=0:w=32:h=32:color=blue:t=fill'],
    ...['-frames:v', '1', path.join(dir, 'split.png')],
  ]);
  ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=30:duration=${CLIP_S}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_S}`],
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k'],
    ...['-c:a', 'libopus', '-b:a', '64k', path.join(dir, 'clip.webm')],
  ]);
  writeFileSync(path.join(dir, 'not-an-image.png'), 'this is text, not a picture\n');
}

const MIME: Record<string, string> = { '.png': 'image/png', '.webm': 'video/webm' };

/** Serves `dir` with CORS and byte ranges (a looping video seeks back). Loopback only. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(dir, path.normalize(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const size = statSync(file).size;
    res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Accept-Ranges', 'bytes');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${end}/${size}`,
        'Content-Length': end - start + 1,
      });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'Content-Length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Makes the files in a temp dir and serves them; `close()` stops the server and deletes them. */
export async function startMediaFixtures(): Promise<MediaFixtures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'brume-sources-'));
  makeFixtures(dir);
  const server = await serve(dir);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  // `localhost`, like the page: Chromium's local-network checks treat it as the same address space.
  const origin = `http://localhost:${address.port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
