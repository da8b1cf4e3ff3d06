import { describe, expect, it } from 'vitest';
import {
  plainStreamInfo,
  protocolOfType,
  protocolOfUrl,
  resolveSources,
  sniffProtocol,
} from './source-sniffer';

describe('protocolOfUrl', () => {
  it('reads extensions, schemes and WHEP paths', () => {
    expect(protocolOfUrl('https://cdn.example/live/index.m3u8?token=1')).toBe('hls');
    expect(protocolOfUrl('https://cdn.example/a/manifest.MPD')).toBe('dash');
    expect(protocolOfUrl('/videos/clip.mp4')).toBe('mp4');
    expect(protocolOfUrl('https://x/stream.ts')).toBe('ts');
    expect(protocolOfUrl('wss://x/ws/live')).toBe('ws-mp4');
    expect(protocolOfUrl('https://x/whep/live')).toBe('whep');
    expect(protocolOfUrl('https://x/play?id=3')).toBeUndefined();
  });
});

describe('protocolOfType', () => {
  it('accepts protocol names and mime types', () => {
    expect(protocolOfType('dash')).toBe('dash');
    expect(protocolOfType('application/x-mpegURL')).toBe('hls');
    expect(protocolOfType('application/vnd.apple.mpegurl; charset=utf-8')).toBe('hls');
    expect(protocolOfType('application/dash+xml')).toBe('dash');
    expect(protocolOfType('video/mp4')).toBe('mp4');
    expect(protocolOfType('webrtc')).toBe('whep');
    expect(protocolOfType('text/html')).toBeUndefined();
  });
});

describe('sniffProtocol', () => {
  it('uses the Content-Type of a HEAD answer', async () => {
    const fetcher = (async () =>
      new Response(null, { headers: { 'content-type': 'application/dash+xml' } })) as typeof fetch;
    expect(await sniffProtocol('https://x/play', fetcher)).toBe('dash');
  });

  it('falls back to the body of a GET when HEAD is refused and the type is generic', async () => {
    const methods: string[] = [];
    const fetcher = (async (_url: string, init?: RequestInit) => {
      methods.push(init?.method ?? 'GET');
      if (init?.method === 'HEAD') return new Response(null, { status: 405 });
      return new Response('#EXTM3U\n#EXT-X-VERSION:6\n', { headers: { 'content-type': 'text/plain' } });
    }) as typeof fetch;
    expect(await sniffProtocol('https://x/play', fetcher)).toBe('hls');
    expect(methods).toEqual(['HEAD', 'GET']);
  });

  it('gives up quietly on network errors', async () => {
    const fetcher = (async () => {
      throw new TypeError('failed to fetch');
    }) as typeof fetch;
    expect(await sniffProtocol('https://x/play', fetcher)).toBeUndefined();
  });
});

describe('resolveSources', () => {
  it('keeps the caller order as priority and reports what it could not identify', async () => {
    const fetcher = (async () => new Response(null, { status: 404 })) as typeof fetch;
    const { sources, unknown } = await resolveSources(
      [{ url: 'https://a/x.m3u8' }, { url: 'https://b/x', type: 'video/mp4' }, { url: 'https://c/unknown' }],
      fetcher,
    );
    expect(sources.map((s) => [s.protocol, s.priority, s.mime])).toEqual([
      ['hls', 3, 'application/vnd.apple.mpegurl'],
      ['mp4', 2, 'video/mp4'],
    ]);
    expect(unknown).toEqual(['https://c/unknown']);
    expect(plainStreamInfo(sources)).toMatchObject({ state: 'live', type: 'vod', tracks: [] });
  });
});
