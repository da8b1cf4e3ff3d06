import { describe, expect, it } from 'vitest';
import { MetadataSender } from './metadata-sender';
import { StudioError } from './studio-error';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records requests and answers from a script of responses, in order. */
function fakeFetch(answers: { status: number; body?: unknown }[]) {
  const calls: Call[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: init?.headers as Record<string, string>,
      body: JSON.parse(String(init?.body)),
    });
    const answer = answers.shift() ?? { status: 500 };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
    });
  }) as typeof fetch;
  return { calls, fetcher };
}

describe('MetadataSender', () => {
  it('posts a JSON event to the track of the stream, with the stream key', async () => {
    const { calls, fetcher } = fakeFetch([{ status: 202, body: { accepted: 1, ids: [7] } }]);
    const sender = new MetadataSender({ server: 'http://relay:8080/', token: 'key', fetch: fetcher });
    const sent = await sender.send('live+alice', 'score', { kind: 'json', data: { home: 2 } });
    expect(sent).toEqual({ accepted: 1, ids: [7] });
    expect(calls).toEqual([
      {
        method: 'POST',
        url: 'http://relay:8080/api/streams/live%2Balice/tracks/score',
        headers: { 'content-type': 'application/json', authorization: 'Bearer key' },
        body: { data: { home: 2 } },
      },
    ]);
  });

  it('declares a caption track as subtitles once, then posts each line with its duration', async () => {
    const { calls, fetcher } = fakeFetch([
      { status: 200, body: { name: 'captions', kind: 'subtitle' } },
      { status: 202, body: { accepted: 1, ids: [1] } },
      { status: 202, body: { accepted: 1, ids: [2] } },
    ]);
    const sender = new MetadataSender({ server: 'http://relay', fetch: fetcher });
    await sender.send('s', 'captions', { kind: 'subtitle', text: 'Hello', durationMs: 3000, lang: 'en' });
    await sender.send('s', 'captions', { kind: 'subtitle', text: 'again', durationMs: 2000 });
    expect(calls.map((c) => [c.method, c.body])).toEqual([
      ['PUT', { kind: 'subtitle', lang: 'en' }],
      ['POST', { data: 'Hello', duration: 3000 }],
      ['POST', { data: 'again', duration: 2000 }],
    ]);
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });

  it("rejects with the server's message, and with a connection error when the server is unreachable", async () => {
    const { fetcher } = fakeFetch([
      { status: 409, body: { error: { code: 'stream_not_live', message: 'Stream "s" is not live.' } } },
      { status: 502 },
    ]);
    const sender = new MetadataSender({ server: 'http://relay', fetch: fetcher });
    const rejected = await sender.send('s', 't', { kind: 'json', data: 1 }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(StudioError);
    expect(rejected).toMatchObject({
      code: 'studio/metadata-rejected',
      message: 'The metadata was not sent: Stream "s" is not live.',
    });
    const bare = await sender.send('s', 't', { kind: 'json', data: 1 }).catch((e: unknown) => e);
    expect((bare as StudioError).message).toContain('502');

    const offline = new MetadataSender({
      server: 'http://relay',
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
    });
    const failed = await offline.send('s', 't', { kind: 'json', data: 1 }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'studio/connection-failed' });
  });
});
