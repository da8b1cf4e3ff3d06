import type { StreamList } from '@brume/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RelayHarness } from '../testing/relay-harness';
import { hostileNameSegment } from './arbitraries';
import { rawHttp } from './raw-http';

const LIVE = 'live';
const RUNS = 30;
/** Small limits, so floods and oversized messages are cheap to send. */
const LIMITS = { wsMessageBytes: 1024, wsMessagesPerSecond: 5, wsMessageBurst: 10, metadataBodyBytes: 4096 };

/** Every WebSocket endpoint, with `{n}` where the stream name goes. */
const ENDPOINTS = [
  '/ws/{n}',
  '/api/streams/{n}/ws',
  '/api/streams/{n}/tracks/{n}',
  '/api/streams/live/tracks/{n}',
];

let relay: RelayHarness;

interface Outcome {
  /** The HTTP status when the upgrade was refused. */
  refused?: number;
  closeCode?: number;
  closeReason?: string;
  texts: string[];
}

/**
 * Opens `path`, sends `messages` once open, and collects what comes back until the server closes
 * the socket or `lingerMs` passes (then the client closes).
 */
function exchange(path: string, messages: (string | Uint8Array)[], lingerMs = 150): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${relay.base.replace('http', 'ws')}${path}`);
    const outcome: Outcome = { texts: [] };
    const timer = setTimeout(() => reject(new Error(`${path}: no close within 5 s`)), 5000);
    const done = () => {
      clearTimeout(timer);
      resolve(outcome);
    };
    ws.on('unexpected-response', (_request, response) => {
      outcome.refused = response.statusCode;
      response.resume();
      ws.terminate();
      done();
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      if (!isBinary) outcome.texts.push(data.toString());
    });
    ws.on('open', () => {
      for (const message of messages) ws.send(message);
      setTimeout(() => ws.close(1000), lingerMs);
    });
    ws.on('close', (code, reason) => {
      outcome.closeCode = code;
      outcome.closeReason = reason.toString();
      done();
    });
  });
}

const garbageMessage: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json(),
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(
    '{"type":"seek","to":-1}',
    '{"type":"seek","to":1e308}',
    '{"type":"seek","to":"live","x":1}',
    '{"type":"tracks","video":false,"audio":false}',
    '{"type":"hold"}',
    '{"type":"play"}',
    '{"__proto__":{"type":"hold"}}',
    '[]',
    'null',
  ),
);

async function streamNames(): Promise<string[]> {
  const response = await fetch(`${relay.base}/api/streams`);
  return ((await response.json()) as StreamList).streams.map((stream) => stream.name);
}

beforeAll(async () => {
  relay = await RelayHarness.start({ limits: LIMITS });
  await relay.publish(LIVE);
}, 20_000);

afterAll(async () => {
  await relay?.close();
});

describe('fuzz: WebSocket endpoints at a listening relay', () => {
  it('hostile stream names: refused or closed, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), hostileNameSegment, async (endpoint, name) => {
        fc.pre(name !== LIVE);
        const outcome = await exchange(endpoint.replaceAll('{n}', name), []);
        if (outcome.refused !== undefined) expect(outcome.refused).toBeLessThan(500);
      }),
      { numRuns: 3 * RUNS },
    );
    expect(await streamNames()).toEqual([LIVE]);
  });

  it('garbage messages on every live endpoint: answered or ignored, the socket stays usable', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/ws/${LIVE}`, `/api/streams/${LIVE}/ws`, `/api/streams/${LIVE}/tracks/fuzz`),
        fc.array(garbageMessage, { maxLength: LIMITS.wsMessageBurst - 1 }),
        async (path, messages) => {
          const fits = messages.filter(
            (m) => (typeof m === 'string' ? Buffer.byteLength(m) : m.length) <= LIMITS.wsMessageBytes,
          );
          const outcome = await exchange(path, fits);
          // The client closed it: no message made the server give up on the socket.
          expect(outcome.closeCode).toBe(1000);
          for (const text of outcome.texts) expect(() => JSON.parse(text) as unknown).not.toThrow();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('an oversized message closes with 1009, a flood with 1008, each with a reason', async () => {
    for (const path of [`/ws/${LIVE}`, `/api/streams/${LIVE}/ws`]) {
      const big = await exchange(path, ['x'.repeat(LIMITS.wsMessageBytes + 1)], 2000);
      expect(big.closeCode, path).toBe(1009);
      const flood = await exchange(
        path,
        Array.from({ length: 4 * LIMITS.wsMessageBurst }, () => '{"type":"play"}'),
        2000,
      );
      expect(flood.closeCode, path).toBe(1008);
      expect(flood.closeReason).toMatch(/messages per second/);
    }
    // Metadata: a message over the body limit is answered with an error, the socket stays open.
    const metadata = await exchange(
      `/api/streams/${LIVE}/tracks/fuzz`,
      ['x'.repeat(LIMITS.metadataBodyBytes + 1)],
      300,
    );
    expect(metadata.closeCode).toBe(1000);
    expect(metadata.texts.some((text) => text.includes('metadata/invalid'))).toBe(true);
    // A flood of bad metadata messages is answered message by message (each bounded by the body
    // limit; accepted events by the per-connection event rate): never closed, never a crash.
    const garbage = Array.from({ length: 4 * LIMITS.wsMessageBurst }, (_, i) => `not json ${i}`);
    const flood = await exchange(`/api/streams/${LIVE}/tracks/fuzz`, garbage, 500);
    expect(flood.closeCode).toBe(1000);
    expect(flood.texts).toHaveLength(garbage.length);
    expect(flood.texts.every((text) => text.includes('"error"'))).toBe(true);
  });

  it('malformed upgrade handshakes are refused and hold no viewer slot', async () => {
    const port = Number(new URL(relay.base).port);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/ws/${LIVE}`, `/api/streams/${LIVE}/ws`, `/api/streams/${LIVE}/tracks/fuzz`),
        fc.record({
          'sec-websocket-key': fc.constantFrom('', 'short', '!!!!', 'dGhlIHNhbXBsZSBub25jZQ=='),
          'sec-websocket-version': fc.constantFrom('13', '8', '', 'x'),
          upgrade: fc.constantFrom('websocket', 'WebSocket', 'h2c', ''),
        }),
        async (path, headers) => {
          const response = await rawHttp(port, {
            method: 'GET',
            target: path,
            headers: { ...headers, connection: 'Upgrade' },
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    await expect.poll(() => relay.server.admission.viewers.count(LIVE)).toBe(0);
  });

  it('the live stream is untouched and the relay still serves', async () => {
    expect(await streamNames()).toEqual([LIVE]);
    const info = await fetch(`${relay.base}/api/streams/${LIVE}`);
    expect(((await info.json()) as { state: string }).state).toBe('live');
  });
});
