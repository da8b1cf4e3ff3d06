import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A test pattern with a tone: H.264 + AAC, as HLS sources in the wild carry them. */
const SOURCE = [
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=320x240:rate=25',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=48000',
];

export interface VodOptions {
  seconds: number;
  segmentType: 'mpegts' | 'fmp4';
  /** Encode with B-frames (the pull must re-encode). */
  bFrames?: boolean;
}

/** Writes an HLS VoD (`index.m3u8` + 1 s segments) into `dir`. */
export async function makeVod(dir: string, options: VodOptions): Promise<void> {
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    ...SOURCE,
    '-t',
    String(options.seconds),
    '-c:v',
    'libx264',
    '-preset',
    options.bFrames ? 'veryfast' : 'ultrafast',
    '-bf',
    options.bFrames ? '2' : '0',
    '-g',
    '25',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    options.segmentType,
    path.join(dir, 'index.m3u8'),
  ]);
}

/** A live HLS source: ffmpeg writing a rolling playlist in real time until stopped. */
export function startLiveSource(dir: string): { stop(): Promise<void> } {
  const child: ChildProcess = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      ...SOURCE,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-bf',
      '0',
      '-g',
      '25',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-f',
      'hls',
      '-hls_time',
      '1',
      '-hls_list_size',
      '4',
      '-hls_flags',
      'delete_segments',
      path.join(dir, 'index.m3u8'),
    ],
    { stdio: 'ignore' },
  );
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** Requests served so far, by path. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `root` over HTTP on loopback (404 for anything missing), like an origin or a CDN. */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(pathname);
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    stat(file)
      .then(
        (info) => {
          if (!info.isFile()) throw new Error('not a file');
          const type = file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'application/octet-stream';
          response.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size });
          createReadStream(file).pipe(response);
        },
        () => response.writeHead(404).end(),
      )
      .catch(() => response.writeHead(404).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
