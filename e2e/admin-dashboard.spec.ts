import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { StudioPage } from './pages/studio-page';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

/** A relay of its own, started with a config file that sets an admin token (the shared one has none). */
interface TokenRelay {
  url: string;
  configFile: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

async function startTokenRelay(): Promise<TokenRelay> {
  const directory = await mkdtemp(path.join(tmpdir(), 'brume-admin-e2e-'));
  const configFile = path.join(directory, 'brume.yaml');
  await writeFile(configFile, `# admin e2e relay\nauth:\n  adminToken: ${ADMIN_TOKEN}\n`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/src/main.ts',
      '--config',
      configFile,
      '--port',
      String(port),
      '--host',
      'localhost',
      '--metadata-port',
      '0',
    ],
    // BRUME_ICE_HOSTS (set by scripts/e2e.mjs in its network namespace) passes through.
    { cwd: ROOT, env: { ...process.env, LOG_FORMAT: 'json' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}/api/streams`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the relay did not start: ${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, configFile, stop };
}

let relay: TokenRelay;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  relay = await startTokenRelay();
});

test.afterAll(async () => {
  await relay?.stop();
});

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ baseURL: relay.url, ...options });
  contexts.push(context);
  return context;
}

test('the dashboard signs in with the admin token, kicks a viewer and the publisher, and keeps a new stream entry', async ({
  browser,
  stream,
}) => {
  const admin = await (await newContext(browser)).newPage();
  await admin.goto('/');
  const panel = admin.getByTestId('admin-panel');
  await expect(panel).toHaveAttribute('data-access', 'signed-out');

  // A wrong token is refused and said so.
  await admin.getByTestId('admin-token-input').fill('not-the-admin-token');
  await admin.getByTestId('admin-sign-in-button').click();
  await expect(admin.getByTestId('admin-sign-in-error')).toHaveText('Wrong admin token.');
  await expect(panel).toHaveAttribute('data-access', 'signed-out');

  await admin.getByTestId('admin-token-input').fill(ADMIN_TOKEN);
  await admin.getByTestId('admin-sign-in-button').click();
  await expect(panel).toHaveAttribute('data-access', 'signed-in');

  // A publisher: the studio's fake camera over WHIP.
  const studio = await new StudioPage(
    await (await newContext(browser, { permissions: ['camera', 'microphone'] })).newPage(),
  ).open(stream, 'camera');
  await studio.goLive();
  const card = admin.locator(`[data-testid="admin-stream"][data-stream="${stream}"]`);
  await expect(card.getByTestId('admin-stream-state')).toHaveText('live', { timeout: 15_000 });
  await expect(card.getByTestId('admin-publisher')).toContainText('publisher · whip');

  // A viewer: a page reading the live progressive MP4 until the server ends it.
  const viewer = await (await newContext(browser)).newPage();
  await viewer.goto('/');
  await viewer.evaluate(async (name) => {
    const state = window as unknown as { mp4Read?: string };
    state.mp4Read = 'reading';
    const response = await fetch(`/${name}.mp4`);
    void response.body!.pipeTo(new WritableStream()).then(
      () => (state.mp4Read = 'ended'),
      () => (state.mp4Read = 'cut'),
    );
  }, stream);
  const row = card.locator('[data-testid="admin-viewer"][data-protocol="mp4"]');
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await expect(row).toContainText('viewer · mp4');
  await expect(row).toContainText(/\d+(\.\d)? (B|KiB|MiB)/);

  await row.getByTestId('kick-viewer').click();
  await expect(row).toHaveCount(0);
  await expect
    .poll(() => viewer.evaluate(() => (window as unknown as { mp4Read?: string }).mp4Read))
    .not.toBe('reading');
  await expect(admin.getByTestId('admin-error')).toHaveCount(0);

  // Kicking the publisher ends the stream, with the reason.
  await card.getByTestId('kick-publisher').click();
  await expect(card.getByTestId('admin-stream-state')).toHaveText('ended (kicked)');
  await expect(card.getByTestId('admin-publisher')).toHaveCount(0);
  const row2 = admin.locator(`[data-testid="stream-row"][data-stream="${stream}"]`);
  await expect(row2.locator('.state')).toHaveText('ended');

  // A stream entry added here is in the config file, and still listed after a reload.
  const entryName = `${stream}-entry`;
  await admin.getByTestId('new-stream-name').fill(entryName);
  await admin.getByTestId('new-stream-keys').fill('e2e-publish-key-1');
  await admin.getByTestId('new-stream-viewer-token').check();
  await admin.getByTestId('new-stream-recording').check();
  await admin.getByTestId('add-stream').click();
  const entry = admin.locator(`[data-testid="config-entry"][data-stream="${entryName}"]`);
  await expect(entry).toContainText('1 publish key · viewer token · recorded');
  await expect.poll(() => readFile(relay.configFile, 'utf8'), { timeout: 5_000 }).toContain(entryName);
  const text = await readFile(relay.configFile, 'utf8');
  expect(text).toContain('# admin e2e relay');
  expect(text).toContain('e2e-publish-key-1');

  await admin.reload();
  await expect(panel).toHaveAttribute('data-access', 'signed-in');
  await expect(entry).toContainText('1 publish key');

  // Sign out forgets the token: the page asks again.
  await admin.getByTestId('admin-sign-out').click();
  await expect(panel).toHaveAttribute('data-access', 'signed-out');
  await admin.reload();
  await expect(panel).toHaveAttribute('data-access', 'signed-out');
});
