import type { SourceInfo } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { streamInfo } from '../testing/fakes';
import { castMediaFor, loadRequestFor, matchTextTrack, type CastMediaInput } from './cast-media';
import { FakeCastSdk } from './testing/fake-cast-sdk';

const source = (protocol: SourceInfo['protocol'], url: string): SourceInfo => ({
  protocol,
  url,
  mime: '',
  priority: 0,
  lowLatency: false,
  tracks: [1, 2],
});

function input(sources: SourceInfo[], patch: Partial<CastMediaInput> = {}): CastMediaInput {
  const info = streamInfo('cam', 'live');
  info.sources = sources;
  return {
    info,
    server: 'https://relay.example',
    live: true,
    currentTime: 42,
    poster: '',
    subtitle: undefined,
    ...patch,
  };
}

describe('castMediaFor', () => {
  it('casts the LL-HLS output when the page plays WHEP or WebSocket', () => {
    const media = castMediaFor(
      input([
        source('whep', 'https://relay.example/whep/cam'),
        source('ws-mp4', 'wss://relay.example/ws/cam'),
        source('ll-dash', 'https://relay.example/dash/cam/index.mpd'),
        source('ll-hls', 'https://relay.example/hls/cam/index.m3u8'),
      ]),
    );
    expect(media).toMatchObject({
      url: 'https://relay.example/hls/cam/index.m3u8',
      contentType: 'application/vnd.apple.mpegurl',
      live: true,
      currentTime: undefined,
      title: 'cam',
    });
  });

  it('falls back to DASH, resolving a relative URL against the server, and has nothing without HTTP streaming', () => {
    expect(castMediaFor(input([source('ll-dash', '/dash/cam/index.mpd')]))).toMatchObject({
      url: 'https://relay.example/dash/cam/index.mpd',
      contentType: 'application/dash+xml',
    });
    expect(castMediaFor(input([source('whep', '/whep/cam'), source('mp4', '/cam.mp4')]))).toBeUndefined();
  });

  it('starts a VoD at the local position, with an absolute poster', () => {
    const media = castMediaFor(
      input([source('hls', '/vod/a.m3u8')], { live: false, currentTime: 42.5, poster: '/poster.jpg' }),
    );
    expect(media).toMatchObject({
      currentTime: 42.5,
      poster: 'https://relay.example/poster.jpg',
      live: false,
    });
  });
});

describe('loadRequestFor', () => {
  const sdk = new FakeCastSdk();

  it('builds a LIVE request without a start position', () => {
    const media = castMediaFor(input([source('ll-hls', '/hls/cam/index.m3u8')]))!;
    const request = loadRequestFor(sdk, media);
    expect(request.media.contentId).toBe('https://relay.example/hls/cam/index.m3u8');
    expect(request.media.contentType).toBe('application/vnd.apple.mpegurl');
    expect(request.media.streamType).toBe('LIVE');
    expect(request.autoplay).toBe(true);
    // Unset: the receiver starts a LIVE stream at its live edge.
    expect(request.currentTime).toBeNull();
    expect((request.media.metadata as chrome.cast.media.GenericMediaMetadata).title).toBe('cam');
  });

  it('builds a BUFFERED request at the local position, with the poster image', () => {
    const media = castMediaFor(
      input([source('dash', '/vod/a.mpd')], { live: false, currentTime: 12, poster: '/p.jpg' }),
    )!;
    const request = loadRequestFor(sdk, media);
    expect(request.media.streamType).toBe('BUFFERED');
    expect(request.media.contentType).toBe('application/dash+xml');
    expect(request.currentTime).toBe(12);
    const metadata = request.media.metadata as chrome.cast.media.GenericMediaMetadata;
    expect(metadata.images.map((i) => i.url)).toEqual(['https://relay.example/p.jpg']);
  });
});

describe('matchTextTrack', () => {
  const sdk = new FakeCastSdk();
  const track = (trackId: number, type: string, language: string, name: string) =>
    ({ trackId, type, language, name }) as chrome.cast.media.Track;
  const tracks = [
    track(1, 'AUDIO', 'en', 'English'),
    track(2, 'TEXT', 'fr', 'Français'),
    track(3, 'TEXT', '', 'captions'),
  ];

  it('matches by language, then by name, among text tracks only', () => {
    expect(matchTextTrack(sdk, tracks, { lang: 'fr', label: 'x' })).toBe(2);
    expect(matchTextTrack(sdk, tracks, { lang: undefined, label: 'captions' })).toBe(3);
    expect(matchTextTrack(sdk, tracks, { lang: 'en', label: 'English' })).toBeUndefined();
    expect(matchTextTrack(sdk, tracks, undefined)).toBeUndefined();
  });
});
