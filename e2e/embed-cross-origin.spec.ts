import { expect, test } from './fixtures';
import { servePlainPage } from './pages/plain-page-server';

/**
 * The embed snippet on a page of another origin (a plain server on another port): `/player.js` loads
 * from Brume, imports its player module and engine chunks cross-origin, and plays.
 */
test('the embed script plays a stream on a page of another origin, by call and by attribute', async ({
  stream,
  openStudio,
  openPlayer,
  baseURL,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  const html = `<!doctype html><meta charset="utf-8"><title>someone else's site</title>
<div id="v" style="width:640px"></div>
<div data-brume-stream="${stream}" style="width:640px"></div>
<script src="${baseURL}/player.js"></script>
<script>Brume.play(${JSON.stringify(stream)}, { target: '#v' })</script>`;
  const server = await servePlainPage(html);
  try {
    const viewer = await openPlayer();
    const scripts: string[] = [];
    viewer.page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await viewer.page.goto(server.url);
    const players = viewer.page.getByTestId('brume-player');
    await expect(players).toHaveCount(2);
    for (const player of await players.all()) {
      await expect(player).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    }
    // The page's origin is not Brume's: everything came cross-origin, engines only when chosen.
    expect(new URL(viewer.page.url()).origin).not.toBe(new URL(baseURL!).origin);
    expect(scripts).toContain('/player.js');
    expect(scripts).toContain('/player/embed.js');
    expect(scripts.filter((s) => s.includes('engine-whep'))).toHaveLength(1);
    expect(scripts.filter((s) => /engine-(hlsjs|dashjs|shaka|vhs)/.test(s))).toEqual([]);
  } finally {
    await server.close();
  }
});
