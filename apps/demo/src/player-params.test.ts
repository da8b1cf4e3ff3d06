import { describe, expect, it } from 'vitest';
import { playerParams } from './player-params';

describe('playerParams', () => {
  it('maps the address to player options', () => {
    expect(playerParams('?stream=x&engine=hlsjs&protocol=ll-hls&latency=balanced')).toEqual({
      forceEngine: 'hlsjs',
      forceProtocol: 'll-hls',
      latency: 'balanced',
    });
    expect(playerParams('?src=https://a/x.m3u8&src=https://b/y.mp4')).toEqual({
      sources: [{ url: 'https://a/x.m3u8' }, { url: 'https://b/y.mp4' }],
    });
  });

  it('turns casting off with cast=off only', () => {
    expect(playerParams('?cast=off')).toEqual({ cast: false });
    expect(playerParams('?cast=on')).toEqual({});
  });

  it('passes a viewer token', () => {
    expect(playerParams('?stream=x&token=abc.def')).toEqual({ token: 'abc.def' });
    expect(playerParams('?token=')).toEqual({});
  });

  it('ignores unknown latency modes', () => {
    expect(playerParams('?latency=instant')).toEqual({});
  });
});
