import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from '@playwright/test';
import { signViewerToken } from '../server/src/access/viewer-token';
import { expect, expectFramesAdvance, test } from './fixtures';
import { PlayerPage } from './pages/player-page';
import { StudioPage } from './pages/studio-page';

/**
 * Viewer tokens end to end: a relay of its own (the shared one has no config file) whose `secure`
 * streams ask for signed viewer tokens. The studio publishes `secure+<id>`; the player with a token
 * for `secure` plays it over hls.js LL-HLS, dash.js, the WebSocket and WHEP; with a forged, an
 * expired or no token it ends in the error state, saying the server refused, and shows nothing.
 */
const SECRET = 'e2e-viewer-token-secret-0123456789';
const root = fileURLToPath(new URL('..', import.meta.url));

const ENGINES = [
  { engine: 'hlsjs', protocol: 'll-hls' },
  { engine: 'dashjs', protocol: 'll-dash' },
  { engine: 'mse-ws', protocol: 'ws-mp4' },
  { engine: 'whep', protocol: 'whep' },
] as const;

let relay: ChildProcess | undefined;
let origin = '';
let directory = '';
const contexts: BrowserContext[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, 'localhost', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: origin, permissions: ['camera', 'microphone'] });
  contexts.push(context);
  return context.newPage();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'brume-e2e-tokens-'));
  const config = path.join(directory, 'brume.yaml');
  writeFileSync(
    config,
    `auth:\n  viewerTokenSecret: ${SECRET}\nstreams:\n  secure:\n    auth:\n      viewerToken: true\n`,
  );
  const port = await freePort();
  origin = `http://localhost:${port}`;
  relay = spawn(
    'node',
    [
      '--import',
      'tsx',
      'server/src/main.ts',
      '--port',
      String(port),
      '--host',
      'localhost',
      '--config',
      config,
    ],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', BRUME_METADATA_PORT: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${origin}/api/streams`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  const child = relay;
  relay = undefined;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  if (directory) rmSync(directory, { recursive: true, force: true });
});

test('a valid token plays on every engine; a bad, expired or missing one is refused', async ({ browser }) => {
  test.setTimeout(180_000);
  const stream = `secure+${Date.now().toString(36)}`;
  const studio = await new StudioPage(await newPage(browser)).open(stream, 'pattern');
  await studio.goLive();

  const good = signViewerToken(SECRET, { stream: 'secure', expiresAtMs: Date.now() + 3_600_000 });
  for (const { engine, protocol } of ENGINES) {
    const viewer = await new PlayerPage(await newPage(browser)).openDemo(stream, {
      token: good,
      engine,
      protocol,
    });
    await expectFramesAdvance(viewer, 30_000);
    const state = await viewer.state();
    expect(state, `${engine} ${protocol}`).toMatchObject({ status: 'playing', engine });
    expect(state.sourceUrl, 'the source carries the token').toContain(`token=${good}`);
    await viewer.page.close();
  }

  const refused = {
    forged: signViewerToken('not-the-relay-secret-0123456789', {
      stream: 'secure',
      expiresAtMs: Date.now() + 3_600_000,
    }),
    expired: signViewerToken(SECRET, { stream: 'secure', expiresAtMs: Date.now() - 1000 }),
    missing: '',
  };
  for (const [kind, token] of Object.entries(refused)) {
    const viewer = await new PlayerPage(await newPage(browser)).openDemo(stream, token ? { token } : {});
    await viewer.expectStatus('error');
    const state = await viewer.state();
    expect(state.error?.code, kind).toBe('player/unauthorized');
    expect(state.error?.message, kind).toMatch(/refused|needs a viewer token/);
    expect(state.engine, `${kind}: no engine was started`).toBeUndefined();
    expect(await viewer.countPresentedFrames(1_500), kind).toBe(0);
    await viewer.page.close();
  }

  // Each output itself refuses the forged token too, not only the stream info.
  const whep = await fetch(`${origin}/whep/${encodeURIComponent(stream)}?token=${refused.forged}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp' },
    body: 'v=0\r\n',
  });
  expect(whep.status).toBe(403);
  expect((await fetch(`${origin}/hls/${encodeURIComponent(stream)}/index.m3u8`)).status).toBe(401);

  await studio.stop();
});
