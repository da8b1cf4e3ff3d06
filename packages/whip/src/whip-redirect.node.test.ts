import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WhipSession } from './whip-session';
import { FakePeerConnection, ANSWER, asPc } from './testing/whip-fakes';

/** The redirect against a real HTTP server: Node's fetch follows the 307 as a browser's does. */
describe('WhipSession redirects (a real HTTP server)', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('follows a 307 once, keeping method, body and Bearer, and resolves Location against the final URL', async () => {
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        if (req.url === '/whip/cam') {
          res.writeHead(307, { Location: '/ingest/node2/whip/cam' }).end();
        } else {
          res
            .writeHead(201, { Location: 'res1', ETag: '"x"', 'Content-Type': 'application/sdp' })
            .end(ANSWER);
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const session = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: `http://127.0.0.1:${port}/whip/cam`,
      token: 'k',
    });
    expect(seen.map((s) => `${s.method} ${s.url} ${s.auth}`)).toEqual([
      'POST /whip/cam Bearer k',
      'POST /ingest/node2/whip/cam Bearer k',
    ]);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(seen[1]?.body).toContain('a=ice-ufrag:local1');
    expect(session.resourceUrl).toBe(`http://127.0.0.1:${port}/ingest/node2/whip/res1`);
  });
});
