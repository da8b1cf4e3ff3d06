import { createServer, type Server } from 'node:http';
import { expect, test } from './fixtures';

/**
 * The embed snippet on a page of another origin (a plain server on another port): `/player.js` loads
 * from Brume, imports its player module and engine chunks cross-origin, and plays.
 */
function servePage(html: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function pageUrl(server: Server): string {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://localhost:${address.port}/`;
}

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
  const server = await servePage(html);
  try {
    const viewer = await openPlayer();
    const scripts: string[] = [];
    viewer.page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await viewer.page.goto(pageUrl(server));
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
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
