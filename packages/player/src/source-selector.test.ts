import type { SourceInfo } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import type { EngineEnv, EngineLoader } from './engines/types';
import { defaultEngineLoaders } from './engines/registry';
import { whepLoader } from './engines/whep/loader';
import { comboKey, selectSources } from './source-selector';
import { streamInfo } from './testing/fakes';

const env: EngineEnv = {
  webrtc: true,
  mediaSource: true,
  webSocket: true,
  canPlayType: () => '',
  isTypeSupported: () => true,
  webrtcCodecs: () => ['video/h264', 'video/vp8', 'audio/opus'],
};

function source(protocol: SourceInfo['protocol'], extra: Partial<SourceInfo> = {}): SourceInfo {
  return {
    protocol,
    url: `http://s/${protocol}`,
    mime: 'x',
    priority: 0,
    lowLatency: false,
    tracks: [1, 2],
    ...extra,
  };
}

/** A stand-in for a future HLS engine, to check ranking across engines. */
const hlsLoader: EngineLoader = {
  name: 'hls',
  canPlay: (s) => (s.protocol === 'll-hls' ? { ok: true, score: 5 } : { ok: false, reason: 'not hls' }),
  load: () => Promise.reject(new Error('not in unit tests')),
};

describe('selectSources', () => {
  it('picks WHEP when the browser has WebRTC', () => {
    const { candidates } = selectSources(streamInfo('s', 'live'), [whepLoader], env);
    expect(candidates.map((c) => c.loader.name)).toEqual(['whep']);
    expect(candidates[0]?.coverage).toBe(3);
  });

  it('keeps WHEP when the server also offers fMP4 over WebSocket, which no engine plays yet', () => {
    const info = streamInfo('s', 'live');
    info.sources = [
      source('whep', { priority: 100, lowLatency: true }),
      source('ws-mp4', { priority: 50, lowLatency: true }),
      source('mp4', { priority: 10 }),
    ];
    const { candidates, rejected } = selectSources(info, [whepLoader], env);
    expect(candidates.map((c) => c.source.protocol)).toEqual(['whep']);
    expect(rejected).toContainEqual({
      source: info.sources[1],
      engine: 'whep',
      reason: 'whep does not play ws-mp4',
    });
  });

  it('explains why nothing fits', () => {
    const { candidates, rejected } = selectSources(streamInfo('s', 'live'), [whepLoader], {
      ...env,
      webrtc: false,
    });
    expect(candidates).toEqual([]);
    expect(rejected).toEqual([
      expect.objectContaining({ engine: 'whep', reason: expect.stringMatching(/WebRTC/) }),
    ]);
  });

  it('ranks by track coverage first, then low latency, engine score and server priority', () => {
    const info = streamInfo('s', 'live');
    info.sources = [
      source('ll-hls', { priority: 50, tracks: [1] }), // video only
      source('ll-hls', { url: 'http://s/hls-full', priority: 1, lowLatency: false }),
      source('whep', { priority: 0, lowLatency: true }),
    ];
    const { candidates } = selectSources(info, [hlsLoader, whepLoader], env);
    expect(candidates.map((c) => c.source.url)).toEqual([
      'http://s/whep',
      'http://s/hls-full',
      'http://s/ll-hls',
    ]);
    const compatible = selectSources(info, [hlsLoader, whepLoader], env, { latency: 'compatible' });
    expect(compatible.candidates.map((c) => c.source.url)).toEqual([
      'http://s/hls-full', // HTTP streaming ranks above WebRTC when compatibility matters
      'http://s/whep',
      'http://s/ll-hls', // less coverage still loses
    ]);
  });

  it('moves combinations that failed behind the others, keeping them as a last resort', () => {
    const info = streamInfo('s', 'live');
    info.sources = [source('whep', { lowLatency: true }), source('ll-hls')];
    const failed = new Set([comboKey('whep', info.sources[0]!)]);
    const { candidates } = selectSources(info, [whepLoader, hlsLoader], env, { failed });
    expect(candidates.map((c) => c.loader.name)).toEqual(['hls', 'whep']);
  });

  it('keeps the server order when everything ties', () => {
    const info = streamInfo('s', 'live');
    info.sources = [source('whep', { url: 'http://a' }), source('whep', { url: 'http://b' })];
    const { candidates } = selectSources(info, [whepLoader], env);
    expect(candidates.map((c) => c.source.url)).toEqual(['http://a', 'http://b']);
  });

  it('assumes a source without a track list carries every track', () => {
    const info = streamInfo('s', 'live');
    info.sources = [source('whep', { tracks: [] })];
    expect(selectSources(info, [whepLoader], env).candidates[0]?.coverage).toBe(3);
  });

  describe('with every engine of the player', () => {
    const brume = (): ReturnType<typeof streamInfo> => {
      const info = streamInfo('s', 'live');
      info.sources = [
        source('whep', { priority: 50, lowLatency: true }),
        source('ws-mp4', { priority: 45, lowLatency: true }),
        source('ll-hls', { priority: 40, lowLatency: true }),
        source('ll-dash', { priority: 30, lowLatency: true }),
        source('mp4', { priority: 10 }),
        source('ts', { priority: 5, tracks: [1] }),
      ];
      return info;
    };
    const order = (options: Parameters<typeof selectSources>[3] = {}, e: EngineEnv = env): string[] =>
      selectSources(brume(), defaultEngineLoaders, e, options).candidates.map(
        (c) => `${c.loader.name}:${c.source.protocol}`,
      );

    it('lowest: WebRTC, WebSocket, then LL-HLS and LL-DASH with their dedicated clients first', () => {
      expect(order().slice(0, 6)).toEqual([
        'whep:whep',
        'mse-ws:ws-mp4',
        'hlsjs:ll-hls',
        'dashjs:ll-dash',
        'shaka:ll-hls',
        'shaka:ll-dash',
      ]);
    });

    it('balanced: LL-HLS / LL-DASH before the real-time protocols', () => {
      expect(order({ latency: 'balanced' }).slice(0, 4)).toEqual([
        'hlsjs:ll-hls',
        'dashjs:ll-dash',
        'shaka:ll-hls',
        'shaka:ll-dash',
      ]);
    });

    it('forcing an engine, a protocol or a source leaves only matching combinations', () => {
      expect(order({ forceEngine: 'shaka' })).toEqual(['shaka:ll-hls', 'shaka:ll-dash']);
      expect(order({ forceProtocol: 'll-dash' })).toEqual(['dashjs:ll-dash', 'shaka:ll-dash', 'vhs:ll-dash']);
      expect(order({ forceSource: 'http://s/mp4' })).toEqual([]); // no MP4 playback in this env
      expect(order({ forceSource: 's/mp4' }, { ...env, canPlayType: () => 'maybe' })).toEqual(['native:mp4']);
      const { rejected } = selectSources(brume(), defaultEngineLoaders, env, { forceEngine: 'shaka' });
      expect(rejected).toContainEqual(
        expect.objectContaining({ engine: 'whep', reason: 'forceEngine is shaka' }),
      );
    });

    it('priority rules move combinations up or down', () => {
      expect(order({ priority: [{ engine: 'shaka', boost: 10 }] }).slice(0, 2)).toEqual([
        'shaka:ll-hls',
        'shaka:ll-dash',
      ]);
      expect(order({ priority: [{ protocol: 'whep', boost: -10 }] })[0]).toBe('mse-ws:ws-mp4');
    });

    it('rejects MSE engines when MSE cannot play the codecs, and WHEP when WebRTC cannot decode them', () => {
      const noOpus = { ...env, isTypeSupported: (mime: string) => !mime.includes('opus') };
      expect(order({}, noOpus)).toEqual(['whep:whep']);
      const noH264 = { ...env, webrtcCodecs: () => ['video/vp8'] };
      expect(order({}, noH264)[0]).toBe('mse-ws:ws-mp4');
    });
  });
});
