import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawHttpClient } from './raw-http-client';
import { RawHttpError } from './raw-http-error';

const servers: Server[] = [];
const clients: RawHttpClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

/** A loopback server answering by path; counts the connections it accepted. */
async function serve(
  handler: Parameters<typeof createServer>[1],
): Promise<{ client: (timeoutMs?: number) => RawHttpClient; connections: () => number; server: Server }> {
  let connections = 0;
  const server = createServer(handler);
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    connections: () => connections,
    client: (timeoutMs) => {
      const client = new RawHttpClient({ host: '127.0.0.1', port, ...(timeoutMs ? { timeoutMs } : {}) });
      clients.push(client);
      return client;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<RawHttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RawHttpError);
    return error as RawHttpError;
  }
  throw new Error('expected a rejection');
}

describe('RawHttpClient', () => {
  it('sends requests one after another on one keep-alive connection', async () => {
    const seen: string[] = [];
    const relay = await serve((req, res) => {
      seen.push(`${req.url} ${req.headers.host} ${req.headers.connection}`);
      res.end(`body of ${req.url}`);
    });
    const client = relay.client();
    const first = await client.get('/a?x=1');
    const second = await client.get('/b');
    expect(first.status).toBe(200);
    expect(first.body.toString()).toBe('body of /a?x=1');
    expect(second.body.toString()).toBe('body of /b');
    expect(seen[0]).toMatch(/^\/a\?x=1 127\.0\.0\.1:\d+ keep-alive$/);
    expect(relay.connections()).toBe(1);
  });

  it('reads chunked bodies written over time, and error statuses as responses', async () => {
    const relay = await serve((req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{}}');
        return;
      }
      res.write('part 1,');
      setTimeout(() => res.end(' part 2'), 20);
    });
    const client = relay.client();
    const growing = await client.get('/growing');
    expect(growing.headers['transfer-encoding']).toBe('chunked');
    expect(growing.body.toString()).toBe('part 1, part 2');
    const missing = await client.get('/missing');
    expect(missing.status).toBe(404);
    expect(relay.connections()).toBe(1);
  });

  it('reconnects after the server closes the connection', async () => {
    const relay = await serve((req, res) => {
      res.setHeader('Connection', 'close');
      res.end('once');
    });
    const client = relay.client();
    expect((await client.get('/1')).body.toString()).toBe('once');
    expect((await client.get('/2')).body.toString()).toBe('once');
    expect(relay.connections()).toBe(2);
  });

  it('sends again on a fresh connection when an idle keep-alive connection was closed', async () => {
    const sockets: Socket[] = [];
    const relay = await serve((req, res) => res.end('ok'));
    relay.server.on('connection', (socket: Socket) => sockets.push(socket));
    const client = relay.client();
    await client.get('/1');
    // The server drops the connection without a word, as an idle timeout does.
    sockets[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await client.get('/2')).body.toString()).toBe('ok');
    expect(relay.connections()).toBe(2);
  });

  it('fails a response cut short with raw-http/closed', async () => {
    const relay = await serve((req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('short');
      setTimeout(() => res.destroy(), 10);
    });
    expect((await rejection(relay.client().get('/cut'))).code).toBe('raw-http/closed');
  });

  it('times out, then works again on a new connection', async () => {
    const relay = await serve((req, res) => {
      if (req.url !== '/never') res.end('fine');
    });
    const client = relay.client(50);
    const error = await rejection(client.get('/never'));
    expect(error.code).toBe('raw-http/timeout');
    expect((await client.get('/now')).body.toString()).toBe('fine');
    expect(relay.connections()).toBe(2);
  });

  it('refuses a second request while one is under way, and fails it on dispose', async () => {
    const relay = await serve(() => undefined);
    const client = relay.client();
    const waiting = client.get('/held');
    expect((await rejection(client.get('/other'))).code).toBe('raw-http/busy');
    client.dispose();
    expect((await rejection(waiting)).code).toBe('raw-http/disposed');
    expect((await rejection(client.get('/after'))).code).toBe('raw-http/disposed');
  });

  it('fails with raw-http/closed when nothing listens', async () => {
    const relay = await serve(() => undefined);
    const { port } = relay.server.address() as AddressInfo;
    await new Promise((resolve) => relay.server.close(resolve));
    const client = new RawHttpClient({ host: '127.0.0.1', port });
    clients.push(client);
    expect((await rejection(client.get('/'))).code).toBe('raw-http/closed');
  });
});
