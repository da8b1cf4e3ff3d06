import { describe, expect, it } from 'vitest';
import { indexOfId, qualitiesOf, trackOptionsOf } from './hls-tracks';

describe('qualitiesOf', () => {
  it('labels each level and uses its index as the id', () => {
    expect(
      qualitiesOf([
        { width: 640, height: 360, bitrate: 600_000, videoCodec: 'avc1.64001e' },
        { width: 1280, height: 720, bitrate: 1_800_000, videoCodec: 'avc1.64001f' },
      ]),
    ).toEqual([
      { id: '0', width: 640, height: 360, bitrate: 600_000, codec: 'avc1.64001e', label: '360p · 600 kbps' },
      {
        id: '1',
        width: 1280,
        height: 720,
        bitrate: 1_800_000,
        codec: 'avc1.64001f',
        label: '720p · 1.8 Mbps',
      },
    ]);
  });

  it('leaves out what the playlist does not declare', () => {
    expect(qualitiesOf([{ width: 0, height: 0, bitrate: 0, videoCodec: '' }])).toEqual([
      {
        id: '0',
        width: undefined,
        height: undefined,
        bitrate: undefined,
        codec: undefined,
        label: 'Quality 1',
      },
    ]);
  });
});

describe('trackOptionsOf', () => {
  it('labels renditions by NAME, else language, else position', () => {
    expect(
      trackOptionsOf([{ name: 'English', lang: 'en' }, { name: '', lang: 'fr' }, { name: '' }], 'Audio'),
    ).toEqual([
      { id: '0', label: 'English', language: 'en' },
      { id: '1', label: 'fr', language: 'fr' },
      { id: '2', label: 'Audio 3', language: undefined },
    ]);
  });
});

describe('indexOfId', () => {
  it('accepts only ids of existing entries', () => {
    expect(indexOfId('1', 2)).toBe(1);
    expect(indexOfId('2', 2)).toBeUndefined();
    expect(indexOfId('-1', 2)).toBeUndefined();
    expect(indexOfId('01', 2)).toBeUndefined();
    expect(indexOfId('auto', 2)).toBeUndefined();
    expect(indexOfId('', 2)).toBeUndefined();
  });
});
