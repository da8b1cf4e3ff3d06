import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * VoD fixtures made by ffmpeg at test time, served by a plain static HTTP server (not Brume) on its
 * own loopback port with CORS: what "play any URL from any server" means.
 *
 * - `hls`: `/hls/master.m3u8`, two video renditions (640×360 and 1280×720, H.264) + AAC audio, fMP4
 *   segments of 2 s, VOD playlist.
 * - `dash`: `/dash/manifest.mpd`, the same two representations + audio, static MPD.
 * - `mp4`: `/file.mp4`, progressive (faststart) 1280×720 + AAC.
 * All are `DURATION_S` long: a 30 fps test pattern with a 440 Hz tone.
 */
export const DURATION_S = 8;
export const RENDITIONS = [
  { height: 360, width: 640, bitrate: 600_000 },
  { height: 720, width: 1280, bitrate: 1_800_000 },
] as const;

export interface VodFixtures {
  origin: string;
  hls: string;
  dash: string;
  mp4: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m4a': 'audio/mp4',
};

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

const INPUT = [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=1280x720:rate=30:duration=${DURATION_S}`,
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=440:sample_rate=48000:duration=${DURATION_S}`,
];
// A keyframe every second so 2-s segments cut cleanly and seeking lands close.
const X264 = [
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '30',
  '-keyint_min',
  '30',
  '-sc_threshold',
  '0',
];

function makeFixtures(dir: string): void {
  mkdirSync(path.join(dir, 'hls'), { recursive: true });
  mkdirSync(path.join(dir, 'dash'), { recursive: true });
  const [low, high] = RENDITIONS;
  // Both renditions and the audio, encoded once per packaging (HLS, then DASH).
  const renditions = [
    ...INPUT,
    '-filter_complex',
    `[0:v]split=2[a][b];[a]scale=${low.width}:${low.height}[v0];[b]scale=${high.width}:${high.height}[v1]`,
    ...['-map', '[v0]', '-map', '[v1]', '-map', '1:a'],
    ...X264,
    ...['-b:v:0', String(low.bitrate), '-b:v:1', String(high.bitrate)],
    ...['-c:a', 'aac', '-b:a', '96k'],
  ];
  ffmpeg([
    ...renditions,
    '-f',
    'hls',
    '-hls_time',
    '2',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'fmp4',
    '-hls_segment_filename',
    path.join(dir, 'hls', 'stream_%v_%03d.m4s'),
    '-hls_fmp4_init_filename',
    'init_%v.mp4',
    '-master_pl_name',
    'master.m3u8',
    '-var_stream_map',
    'v:0,agroup:aud v:1,agroup:aud a:0,agroup:aud,default:yes',
    path.join(dir, 'hls', 'stream_%v.m3u8'),
  ]);
  ffmpeg([
    ...renditions,
    '-f',
    'dash',
    '-seg_duration',
    '2',
    '-use_template',
    '1',
    '-use_timeline',
    '0',
    '-adaptation_sets',
    'id=0,streams=v id=1,streams=a',
    path.join(dir, 'dash', 'manifest.mpd'),
  ]);
  ffmpeg([
    ...INPUT,
    ...X264,
    '-b:v',
    '1800k',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-movflags',
    '+faststart',
    path.join(dir, 'file.mp4'),
  ]);
}

/** Serves `dir` with CORS and byte ranges (native MP4 seeking needs them). Loopback only. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(
      dir,
      path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)),
    );
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const size = statSync(file).size;
    res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Accept-Ranges', 'bytes');
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = range[1] ? Number(range[1]) : size - Number(range[2]);
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
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

/** Makes the fixtures in a temp dir and serves them; `close()` stops the server and deletes them. */
export async function startVodFixtures(): Promise<VodFixtures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'brume-vod-'));
  makeFixtures(dir);
  const server = await serve(dir);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  // `localhost`, like the page: Chromium's local-network checks treat it as the same address space.
  const origin = `http://localhost:${address.port}`;
  return {
    origin,
    hls: `${origin}/hls/master.m3u8`,
    dash: `${origin}/dash/manifest.mpd`,
    mp4: `${origin}/file.mp4`,
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
