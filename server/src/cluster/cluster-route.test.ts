import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterRoute, workerOf } from './cluster-route';

describe('clusterRoute', () => {
  it('sends every URL of a stream to that stream', () => {
    const urls = [
      ['POST', '/whip/cam'],
      ['PATCH', '/whip/cam/0123abcd'],
      ['DELETE', '/whep/cam/0123abcd'],
      ['POST', '/whep/cam'],
      ['GET', '/hls/cam/index.m3u8'],
      ['GET', '/hls/cam/video/part-3-1.m4s?token=x'],
      ['GET', '/dash/cam/index.mpd'],
      ['GET', '/ws/cam'],
      ['GET', '/cam.mp4'],
      ['GET', '/cam.ts'],
      ['GET', '/clip/cam.mkv?start=-10000'],
      ['GET', '/api/streams/cam'],
      ['GET', '/api/streams/cam/events'],
      ['GET', '/api/streams/cam/ws'],
      ['POST', '/api/streams/cam/tracks/chat'],
      ['POST', '/api/streams/cam/recording'],
      ['POST', '/api/admin/streams/cam/kick'],
      ['GET', '/recordings/cam/2026-11-25T06-00-00.mp4.m3u8'],
    ] as const;
    for (const [method, url] of urls)
      expect(clusterRoute(method, url), `${method} ${url}`).toEqual({ kind: 'stream', stream: 'cam' });
    // Wildcard and percent-encoded names are the stream's full name.
    expect(clusterRoute('POST', '/whip/live+alice')).toEqual({ kind: 'stream', stream: 'live+alice' });
    expect(clusterRoute('GET', '/api/streams/live%2Balice')).toEqual({
      kind: 'stream',
      stream: 'live+alice',
    });
    expect(clusterRoute('GET', '/hls/%E0%A4%A/index.m3u8')).toEqual({ kind: 'stream', stream: '%E0%A4%A' });
  });

  it('merges the lists, finds sessions by id, and sends the rest anywhere', () => {
    expect(clusterRoute('GET', '/api/streams')).toEqual({ kind: 'merge', list: 'streams' });
    expect(clusterRoute('GET', '/api/streams?x=1')).toEqual({ kind: 'merge', list: 'streams' });
    expect(clusterRoute('GET', '/metrics')).toEqual({ kind: 'merge', list: 'metrics' });
    expect(clusterRoute('GET', '/api/admin/sessions')).toEqual({ kind: 'merge', list: 'admin-sessions' });
    expect(clusterRoute('GET', '/api/recordings')).toEqual({ kind: 'merge', list: 'recordings' });
    expect(clusterRoute('DELETE', '/api/admin/sessions/ws-mp4-3')).toEqual({ kind: 'find', id: 'ws-mp4-3' });
    for (const url of [
      '/',
      '/studio/',
      '/player.js',
      '/assets/index-abc.js',
      '/api/time',
      '/api/admin/config',
      '/favicon.ico',
    ]) {
      expect(clusterRoute('GET', url), url).toEqual({ kind: 'any' });
    }
    // A write to a list URL is not a list read.
    expect(clusterRoute('POST', '/api/admin/viewer-tokens')).toEqual({ kind: 'any' });
    // Replacing the config is every worker's business; reading it is anyone's.
    expect(clusterRoute('PUT', '/api/admin/config')).toEqual({ kind: 'all' });
    // So is a stream's config entry (it also serves `show+x`, which may live elsewhere); its kick is the holder's.
    expect(clusterRoute('PUT', '/api/admin/streams/show')).toEqual({ kind: 'all' });
    expect(clusterRoute('DELETE', '/api/admin/streams/show')).toEqual({ kind: 'all' });
    expect(clusterRoute('GET', '/api/admin/streams/show')).toEqual({ kind: 'stream', stream: 'show' });
    expect(clusterRoute('POST', '/api/admin/streams/show/kick')).toEqual({ kind: 'stream', stream: 'show' });
  });
});

describe('workerOf', () => {
  it('is stable, in range, and spreads names about evenly', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1, max: 64 }),
        (name, count) => {
          const index = workerOf(name, count);
          expect(index).toBeGreaterThanOrEqual(0);
          expect(index).toBeLessThan(count);
          expect(workerOf(name, count)).toBe(index);
        },
      ),
    );
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[workerOf(`stream-${i}`, 4)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
