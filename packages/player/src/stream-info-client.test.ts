import type { StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamInfoClient, type FeedSocket } from './stream-info-client';
import { streamInfo } from './testing/fakes';

class FakeFeed extends EventTarget {
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.dispatchEvent(new Event('open'));
  }
  send(data: string): void {
    this.dispatchEvent(new MessageEvent('info', { data }));
  }
  fail(): void {
    this.dispatchEvent(new Event('error'));
  }
}

describe('StreamInfoClient with a viewer token', () => {
  it('asks for the info and the feed with ?token=', async () => {
    const urls: string[] = [];
    const client = new StreamInfoClient({
      server: 'http://server',
      stream: 'cam',
      token: 'tok.en',
      fetch: ((url: string) => {
        urls.push(url);
        return Promise.resolve(new Response(JSON.stringify(streamInfo('cam', 'offline'))));
      }) as typeof fetch,
      openFeed: (url) => {
        urls.push(url);
        return new FakeFeed(url) as unknown as FeedSocket;
      },
    });
    client.start();
    await vi.waitFor(() => expect(urls).toHaveLength(2));
    client.dispose();
    expect(urls).toEqual([
      'http://server/api/streams/cam?token=tok.en',
      'http://server/api/streams/cam/events?token=tok.en',
    ]);
  });
});

describe('StreamInfoClient', () => {
  let feeds: FakeFeed[];
  let infos: StreamInfo[];
  let fetchInfo: (url: string) => Promise<Response>;
  let client: StreamInfoClient;

  const make = () => {
    client = new StreamInfoClient({
      server: 'http://server',
      stream: 'cam',
      fetch: ((url: string) => fetchInfo(url)) as typeof fetch,
      openFeed: (url) => {
        const feed = new FakeFeed(url);
        feeds.push(feed);
        // EventTarget's loosely typed addEventListener is what FeedSocket narrows.
        return feed as unknown as FeedSocket;
      },
      random: () => 0.5,
    });
    client.on('info', ({ info }) => infos.push(info));
    return client;
  };
  const json = (body: unknown, status = 200) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
    );

  beforeEach(() => {
    vi.useFakeTimers();
    feeds = [];
    infos = [];
    fetchInfo = () => json(streamInfo('cam', 'offline'));
  });
  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  it('reads the info, then follows the feed', async () => {
    const c = make();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(infos.map((i) => i.state)).toEqual(['offline']);
    expect(feeds.map((f) => f.url)).toEqual(['http://server/api/streams/cam/events']);
    feeds[0]!.open();
    feeds[0]!.send(JSON.stringify({ type: 'info', info: streamInfo('cam', 'live') }));
    expect(infos.map((i) => i.state)).toEqual(['offline', 'live']);
  });

  it('ignores malformed messages and messages about other streams', async () => {
    const c = make();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    feeds[0]!.send('not json');
    feeds[0]!.send(JSON.stringify({ type: 'info', info: streamInfo('other', 'live') }));
    feeds[0]!.send(JSON.stringify({ type: 'info', info: { name: 'cam' } }));
    expect(infos).toHaveLength(1);
  });

  it('still opens the feed when the first GET fails, and reports nothing alarming yet', async () => {
    fetchInfo = () => Promise.reject(new TypeError('offline'));
    const c = make();
    const failures: number[] = [];
    c.on('error', ({ failures: n }) => failures.push(n));
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(feeds).toHaveLength(1);
    expect(failures).toEqual([0]);
  });

  it('reopens a dropped feed with backoff and reports an unreachable server after 3 drops', async () => {
    const c = make();
    const errors: number[] = [];
    c.on('error', ({ failures }) => errors.push(failures));
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    feeds[0]!.fail();
    expect(feeds[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(499);
    expect(feeds).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(feeds).toHaveLength(2);
    feeds[1]!.fail();
    await vi.advanceTimersByTimeAsync(1000);
    feeds[2]!.fail();
    expect(errors).toEqual([3]);
    await vi.advanceTimersByTimeAsync(2000);
    feeds[3]!.open();
    feeds[3]!.fail();
    await vi.advanceTimersByTimeAsync(500);
    expect(feeds).toHaveLength(5); // the count restarted when the feed connected
  });

  it('drops a refresh answer that is older than a feed message', async () => {
    const c = make();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    let answer: (r: Response) => void = () => {};
    fetchInfo = () => new Promise((resolve) => (answer = resolve));
    c.refresh();
    feeds[0]!.send(JSON.stringify({ type: 'info', info: streamInfo('cam', 'ended', false) }));
    answer(new Response(JSON.stringify(streamInfo('cam', 'live'))));
    await vi.advanceTimersByTimeAsync(0);
    expect(infos.map((i) => i.state)).toEqual(['offline', 'ended']);
  });

  it('dispose closes the feed and cancels the reconnect timer', async () => {
    const c = make();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    feeds[0]!.fail();
    expect(vi.getTimerCount()).toBe(1);
    c.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(feeds).toHaveLength(1);
  });
});
