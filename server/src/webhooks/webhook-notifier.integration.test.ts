import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../testing/memory-logger';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { DEFAULT_WEBHOOKS_CONFIG, type WebhooksConfig } from './webhook-config';
import { WebhookNotifier } from './webhook-notifier';

const FAST: WebhooksConfig = {
  ...DEFAULT_WEBHOOKS_CONFIG,
  attempts: 4,
  retryDelayMs: 20,
  maxRetryDelayMs: 1000,
  requestTimeoutMs: 5000,
};

const start = { stream: 'live', startUnixMs: 1, publisher: null, tracks: [] };
const end = (reason: string) => ({
  stream: 'live',
  reason,
  startUnixMs: 1,
  durationMs: 5,
  bytesIn: null,
  publisher: null,
});

/** A port nothing listens on: bound, read, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('WebhookNotifier against a test receiver', () => {
  let receiver: WebhookReceiver;
  let notifier: WebhookNotifier | undefined;
  const logger = () => memoryLogger();

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    notifier?.dispose();
    notifier = undefined;
    await receiver.close();
  });

  it('posts {event, time, ...payload} as JSON', async () => {
    notifier = new WebhookNotifier(FAST, logger().log, () => 1234);
    notifier.notify([receiver.url('/start')], 'stream_start', start);
    await receiver.until(() => receiver.accepted('/start').length === 1, 3000, 'the notification');
    const [request] = receiver.to('/start');
    expect(request?.json).toEqual({ event: 'stream_start', time: 1234, ...start });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe('brume-relay');
    expect(await notifier.flush(1000)).toBe(true);
    expect(notifier.pending).toBe(0);
  });

  it('retries 5xx and 429 with doubling waits, logging each failure', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier(FAST, log);
    receiver.plan('/start', { status: 500 }, { status: 429 }, { status: 503 });
    notifier.notify([receiver.url('/start')], 'stream_start', start);
    await receiver.until(() => receiver.accepted('/start').length === 1, 5000, 'the fourth try');
    const tries = receiver.to('/start');
    expect(tries.map((request) => request.status)).toEqual([500, 429, 503, 200]);
    const gaps = tries.slice(1).map((request, i) => request.at - tries[i]!.at);
    // Timers never fire early by more than clock rounding; later is fine (a loaded machine).
    expect(gaps[0]).toBeGreaterThanOrEqual(20 - 2);
    expect(gaps[1]).toBeGreaterThanOrEqual(40 - 2);
    expect(gaps[2]).toBeGreaterThanOrEqual(80 - 2);
    const warnings = at('warn');
    expect(
      warnings.map((line) => [line.fields['attempt'], line.fields['status'], line.fields['retryInMs']]),
    ).toEqual([
      [1, 500, 20],
      [2, 429, 40],
      [3, 503, 80],
    ]);
    expect(warnings[0]?.fields).toMatchObject({ url: receiver.url('/start'), event: 'stream_start' });
    expect(warnings[0]?.msg).toContain('HTTP 500');
  });

  it('waits as long as Retry-After asks before the next try', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier(FAST, log);
    receiver.plan('/busy', { status: 429, headers: { 'Retry-After': '1' } });
    notifier.notify([receiver.url('/busy')], 'stream_start', start);
    await receiver.until(() => receiver.accepted('/busy').length === 1, 5000, 'the retry');
    const [first, second] = receiver.to('/busy');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000 - 2);
    expect(at('warn')[0]?.fields).toMatchObject({ status: 429, retryInMs: 1000 });
  });

  it('does not retry a 4xx other than 429, and goes on with the next notification', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier(FAST, log);
    receiver.plan('/hook', { status: 404 });
    notifier.notify([receiver.url('/hook')], 'stream_start', start);
    notifier.notify([receiver.url('/hook')], 'stream_end', end('client-closed'));
    await receiver.until(() => receiver.accepted('/hook').length === 1, 3000, 'the second notification');
    expect(receiver.to('/hook').map((request) => [request.json['event'], request.status])).toEqual([
      ['stream_start', 404],
      ['stream_end', 200],
    ]);
    expect(at('warn')).toHaveLength(1);
    expect(at('warn')[0]?.msg).toContain('not retried');
  });

  it('gives up after the last try, with an error line', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier({ ...FAST, attempts: 3 }, log);
    receiver.setDefault('/down', { status: 502 });
    notifier.notify([receiver.url('/down')], 'stream_start', start);
    await receiver.until(() => at('error').length === 1, 3000, 'giving up');
    expect(receiver.to('/down')).toHaveLength(3);
    expect(at('error')[0]?.fields).toMatchObject({
      attempt: 3,
      attempts: 3,
      status: 502,
      event: 'stream_start',
    });
    expect(await notifier.flush(1000)).toBe(true);
  });

  it('retries a receiver that answers too slowly (each try has its own time limit)', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier({ ...FAST, requestTimeoutMs: 100 }, log);
    receiver.plan('/slow', { delayMs: 3000 });
    notifier.notify([receiver.url('/slow')], 'stream_start', start);
    await receiver.until(() => receiver.accepted('/slow').length === 1, 5000, 'the retry');
    expect(receiver.to('/slow')).toHaveLength(2);
    expect(at('warn')[0]?.fields).toMatchObject({ attempt: 1, error: 'timeout' });
  });

  it('logs an unreachable receiver with the network error, and retries it', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier({ ...FAST, attempts: 2 }, log);
    const url = `http://127.0.0.1:${await closedPort()}/gone`;
    notifier.notify([url], 'stream_start', start);
    await receiver.until(() => at('error').length === 1, 3000, 'giving up');
    expect(at('warn')[0]?.fields).toMatchObject({
      url,
      attempt: 1,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('keeps each URL in order (start before end) while other URLs go on', async () => {
    notifier = new WebhookNotifier(FAST, logger().log);
    receiver.plan('/a', { status: 500 }, { status: 500 });
    const urls = [receiver.url('/a'), receiver.url('/b')];
    notifier.notify(urls, 'stream_start', start);
    notifier.notify(urls, 'stream_end', end('client-closed'));
    // /b is not held up by /a's retries.
    await receiver.until(() => receiver.accepted('/b').length === 2, 3000, '/b');
    expect(receiver.accepted('/a')).toHaveLength(0);
    await receiver.until(() => receiver.accepted('/a').length === 2, 3000, '/a');
    expect(receiver.to('/a').map((request) => request.json['event'])).toEqual([
      'stream_start',
      'stream_start',
      'stream_start',
      'stream_end',
    ]);
    expect(receiver.accepted('/b').map((request) => request.json['event'])).toEqual([
      'stream_start',
      'stream_end',
    ]);
  });

  it('bounds the queue of a receiver that is down: the oldest waiting notification is dropped', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier({ ...FAST, maxQueued: 2 }, log);
    receiver.plan('/q', { delayMs: 300 });
    const url = receiver.url('/q');
    for (const reason of ['one', 'two', 'three', 'four']) notifier.notify([url], 'stream_end', end(reason));
    expect(notifier.pending).toBe(3); // one in flight, two waiting
    expect(at('warn')).toHaveLength(1);
    expect(at('warn')[0]?.fields).toMatchObject({ url, event: 'stream_end', queued: 2 });
    await receiver.until(() => receiver.accepted('/q').length === 3, 5000, 'the queue');
    expect(receiver.accepted('/q').map((request) => request.json['reason'])).toEqual([
      'one',
      'three',
      'four',
    ]);
  });

  it('flush waits for what is queued, bounded by its timeout', async () => {
    notifier = new WebhookNotifier(FAST, logger().log);
    receiver.plan('/f', { delayMs: 100 });
    notifier.notify([receiver.url('/f')], 'stream_start', start);
    expect(await notifier.flush(5000)).toBe(true);
    expect(receiver.accepted('/f')).toHaveLength(1);
    receiver.plan('/f', { delayMs: 2000 });
    notifier.notify([receiver.url('/f')], 'stream_start', start);
    expect(await notifier.flush(50)).toBe(false);
    expect(notifier.pending).toBe(1);
  });

  it('dispose in the middle of retries cancels the wait and drops the rest (logged)', async () => {
    const { log, at } = logger();
    notifier = new WebhookNotifier({ ...FAST, retryDelayMs: 150 }, log);
    receiver.setDefault('/d', { status: 500 });
    notifier.notify([receiver.url('/d')], 'stream_start', start);
    notifier.notify([receiver.url('/d')], 'stream_end', end('client-closed'));
    await receiver.until(() => receiver.to('/d')[0]?.status === 500, 3000, 'the first try');
    await receiver.until(() => at('warn').length === 1, 3000, 'the retry scheduled');
    notifier.dispose();
    expect(notifier.pending).toBe(0);
    expect(at('warn')[1]?.fields).toMatchObject({ url: receiver.url('/d'), dropped: 2 });
    // Well past the retry's wait: nothing more was sent, and nothing new is accepted.
    notifier.notify([receiver.url('/d')], 'stream_start', start);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.to('/d')).toHaveLength(1);
    expect(await notifier.flush(1000)).toBe(true);
  });

  it('dispose cancels a request in flight', async () => {
    notifier = new WebhookNotifier(FAST, logger().log);
    receiver.plan('/hang', { delayMs: 5000 });
    notifier.notify([receiver.url('/hang')], 'stream_start', start);
    await receiver.until(() => receiver.to('/hang').length === 1, 3000, 'the request');
    notifier.dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.to('/hang')).toHaveLength(1);
    expect(receiver.to('/hang')[0]?.status).toBeUndefined();
  });
});
