import { expect, test } from './fixtures';

/**
 * Fallback with the real server and browser: WHEP refused from the start, and WHEP killed while
 * playing. The player moves to the next combination (fMP4 over WebSocket) and keeps playing; the
 * time from the failure being detected to the next first frame is printed.
 */
test('WHEP refused: the player falls back to the next source and plays', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const viewer = await openPlayer();
  await viewer.page.route('**/whep/**', (route) => route.abort('connectionrefused'));
  await viewer.openDemo(stream);
  await viewer.expectStatus('playing', 30_000);
  const state = await viewer.state();
  expect(state.engine).toBe('mse-ws');
  expect(state.combos.find((c) => c.engine === 'whep')?.failed).toBe(true);
  await expect.poll(() => viewer.countPresentedFrames(1_000), { timeout: 10_000 }).toBeGreaterThan(5);
});

test('WHEP killed while playing: the player falls back and keeps playing', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const viewer = await openPlayer();
  let session: string | undefined;
  let killed = false;
  await viewer.page.route('**/whep/**', async (route) => {
    if (killed) return route.abort('connectionrefused');
    const response = await route.fetch();
    session ??= response.headers()['location'];
    return route.fulfill({ response });
  });
  // Every engine choice and error, with the page's clock, to time the fallback.
  await viewer.page.addInitScript(() => {
    const log: { type: string; at: number; detail: unknown }[] = [];
    (window as unknown as { __events: typeof log }).__events = log;
    for (const type of ['engine', 'error', 'ready']) {
      document.addEventListener(
        `brume:${type}`,
        (event) => {
          const detail = (event as CustomEvent).detail as { error?: { code: string }; fatal?: boolean };
          // Errors are PlayerError objects: keep the code, which survives serialisation.
          log.push({
            type,
            at: performance.now(),
            detail: detail.error ? { code: detail.error.code } : detail,
          });
        },
        true,
      );
    }
  });
  await viewer.openDemo(stream);
  await viewer.expectStatus('playing');
  expect((await viewer.state()).engine).toBe('whep');
  expect(session).toBeTruthy();

  // The server ends this viewer's WHEP session; new WHEP requests fail from now on.
  killed = true;
  const origin = new URL(viewer.page.url()).origin;
  const deleted = await viewer.page.request.delete(new URL(session!, origin).href);
  expect(deleted.status()).toBeLessThan(300);

  await expect.poll(async () => (await viewer.state()).engine, { timeout: 40_000 }).toBe('mse-ws');
  await viewer.expectStatus('playing', 20_000);
  await expect.poll(() => viewer.countPresentedFrames(1_000), { timeout: 10_000 }).toBeGreaterThan(5);
  const events = await viewer.page.evaluate(
    () => (window as unknown as { __events: { type: string; at: number; detail: unknown }[] }).__events,
  );
  const fallback = events.find(
    (e) => e.type === 'engine' && (e.detail as { engine: string }).engine === 'mse-ws',
  );
  const lastError = [...events].reverse().find((e) => e.type === 'error' && fallback && e.at <= fallback.at);
  const ready = events.find((e) => e.type === 'ready' && fallback && e.at >= fallback.at);
  console.log(
    `fallback whep → mse-ws: ${JSON.stringify({
      failure: (lastError?.detail as { code?: string } | undefined)?.code ?? null,
      detectedToNextEngineMs: fallback && lastError ? Math.round(fallback.at - lastError.at) : null,
      detectedToFirstFrameMs: ready && lastError ? Math.round(ready.at - lastError.at) : null,
    })}`,
  );
});
