import type { Page } from '@playwright/test';
import { expect, expectFramesAdvance, fetchStreamInfo, test } from './fixtures';

interface WhipExchange {
  method: string;
  path: string;
  status: number;
  at: number;
}

/** Every WHIP request the page makes and the server's answer (0: none), timed by when it was sent. */
function recordWhip(page: Page): { log: WhipExchange[]; settled: () => Promise<unknown> } {
  const log: WhipExchange[] = [];
  const pending: Promise<unknown>[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith('/whip/')) return;
    const entry: WhipExchange = { method: request.method(), path, status: 0, at: Date.now() };
    log.push(entry);
    pending.push(
      request
        .response()
        .then((response) => (entry.status = response?.status() ?? 0))
        .catch(() => undefined),
    );
  });
  return { log, settled: () => Promise.all(pending) };
}

test('when the page could not DELETE its session (no pagehide), the reloaded studio DELETEs the left-over WHIP session and goes live again at once', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await openStudio();
  const { log: whip, settled } = recordWhip(studio.page);
  // The studio DELETEs on pagehide. Here no pagehide handler runs, as after a crash or a killed tab:
  // a capturing listener registered before the app's stops the event. The server then keeps the
  // session and the name (it waits out staleMediaMs before it takes another POST: a quick re-POST
  // would get 409).
  await studio.page.addInitScript(() =>
    window.addEventListener('pagehide', (event) => event.stopImmediatePropagation(), { capture: true }),
  );
  const url = `/studio/?stream=${encodeURIComponent(stream)}&source=pattern&autostart=1`;
  await studio.page.goto(url);
  await studio.expectState('live');
  expect(whip.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([201]);
  const resource = await studio.page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('brume.whip-session:'));
    return key
      ? (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { resourceUrl?: string }).resourceUrl
      : undefined;
  });
  const resourcePath = new URL(resource ?? 'http://x/none').pathname;
  expect(resourcePath).toMatch(new RegExp(`^/whip/${stream}/[0-9a-f]{32}$`));

  const reloadedAt = Date.now();
  await studio.page.reload();
  await studio.expectState('live');

  await settled();
  const after = whip.filter((r) => r.at >= reloadedAt);
  const stale = after.findIndex((r) => r.method === 'DELETE' && r.path === resourcePath);
  const post = after.findIndex((r) => r.method === 'POST');
  // 200: the server still had the session, and freed the name for the POST that follows (201, no 409).
  expect(after[stale]?.status).toBe(200);
  expect(post).toBeGreaterThan(stale);
  expect(after[post]?.status).toBe(201);
  expect(after.some((r) => r.status === 409)).toBe(false);
  console.log(
    `[stale-session] reload without pagehide → stale DELETE 200 at ${after[stale]!.at - reloadedAt} ms, POST 201 at ${after[post]!.at - reloadedAt} ms, live at ${Date.now() - reloadedAt} ms`,
  );

  const info = await fetchStreamInfo(studio.page.request, stream);
  expect(info.state).toBe('live');
  const player = await (await openPlayer()).openDemo(stream);
  await player.expectStatus('playing');
  await expectFramesAdvance(player);
});

test('a normal reload: the pagehide DELETE frees the name, the stale DELETE finds nothing (404), no 409', async ({
  stream,
  openStudio,
}) => {
  const studio = await openStudio();
  const { log: whip, settled } = recordWhip(studio.page);
  const url = `/studio/?stream=${encodeURIComponent(stream)}&source=pattern&autostart=1`;
  await studio.page.goto(url);
  await studio.expectState('live');
  const reloadedAt = Date.now();
  await studio.page.reload();
  await studio.expectState('live');
  await settled();
  const after = whip.filter((r) => r.at >= reloadedAt);
  expect(after.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([201]);
  // The unloading page cannot learn that its keepalive DELETE went through, so it keeps the entry;
  // the reloaded page DELETEs again and the server answers 404: one spare request, never a 409.
  expect(after.filter((r) => r.method === 'DELETE' && r.status === 404)).toHaveLength(1);
  expect(after.some((r) => r.status === 409)).toBe(false);
});
