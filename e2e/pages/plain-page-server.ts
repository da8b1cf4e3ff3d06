import { createServer } from 'node:http';

/** A plain HTML page served from another origin than Brume's (a local server on its own port). */
export interface PlainPageServer {
  /** The page's address (`http://localhost:PORT/`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `html` at every path of a new local server. `localhost` on another port is another origin
 * the browser still lets reach the relay (a made-up public host would be held back by Chromium's
 * private network checks).
 */
export function servePlainPage(html: string): Promise<PlainPageServer> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('the page server has no port');
      resolve({
        url: `http://localhost:${address.port}/`,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      });
    }),
  );
}
