import { ErrorCodes } from '@brume/protocol';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { BrumeError } from '../util/brume-error';
import { cacheControlFor } from './cache-control';
import { HttpError, registerErrorHandlers } from './errors';

/** Seconds of `max-age` in a Cache-Control value, or undefined without one. */
function maxAge(value: string): number | undefined {
  const match = /(?:^|,\s*)max-age=(\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

describe('cacheControlFor', () => {
  it('keeps media for good: its URL names the publish and never names other bytes', () => {
    expect(cacheControlFor('media')).toBe('public, max-age=31536000, immutable');
  });

  it('lets a cache keep a blocking playlist for three target durations (the longest a request blocks)', () => {
    expect(cacheControlFor('blocking-playlist')).toMatch(/^public, /);
    expect(maxAge(cacheControlFor('blocking-playlist'))).toBe(6);
  });

  it('keeps what changes at the live edge one second at most, the multivariant playlist two', () => {
    expect(maxAge(cacheControlFor('live-playlist'))).toBe(1);
    expect(maxAge(cacheControlFor('mpd'))).toBe(1);
    expect(maxAge(cacheControlFor('multivariant-playlist'))).toBe(2);
    // A cache may answer from the old copy while one request refreshes it.
    expect(cacheControlFor('live-playlist')).toContain('stale-while-revalidate=1');
    expect(cacheControlFor('mpd')).toContain('stale-while-revalidate=1');
  });

  it('never lets a cache store an error', () => {
    expect(cacheControlFor('error')).toBe('no-store');
  });
});

describe('error answers', () => {
  async function answer(error: Error) {
    const app = Fastify();
    registerErrorHandlers(app);
    app.get('/hls/x/video.m3u8', async () => {
      throw error;
    });
    const response = await app.inject({ method: 'GET', url: '/hls/x/video.m3u8' });
    await app.close();
    return response;
  }

  it('are no-store, and a 503 for media not there yet says when to come back', async () => {
    const unavailable = await answer(new BrumeError(ErrorCodes.mediaUnavailable, 'not yet'));
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.headers['cache-control']).toBe('no-store');
    expect(unavailable.headers['retry-after']).toBe('1');

    const missing = await answer(new BrumeError(ErrorCodes.segmentNotFound, 'gone'));
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.headers['retry-after']).toBeUndefined();

    const bad = await answer(HttpError.badRequest('_HLS_part without _HLS_msn'));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['cache-control']).toBe('no-store');
  });

  it('include the not-found answer of an unknown path', async () => {
    const app = Fastify();
    registerErrorHandlers(app);
    const response = await app.inject({ method: 'GET', url: '/hls/x/nothing/here/at-all' });
    await app.close();
    expect(response.statusCode).toBe(404);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
