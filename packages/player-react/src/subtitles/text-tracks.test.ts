import { describe, expect, it } from 'vitest';
import { mergeTextTracks, metaTextId, metaTrackOf, sameTextTracks } from './text-tracks';

describe('mergeTextTracks', () => {
  it('lists subtitle metadata tracks first, skips json tracks and engine tracks of the same name', () => {
    const merged = mergeTextTracks(
      [
        { id: '0', label: 'captions', language: 'en' },
        { id: '1', label: 'Français', language: 'fr' },
      ],
      [
        { name: 'captions', kind: 'subtitle', lang: 'en' },
        { name: 'scores', kind: 'json' },
        { name: 'director', kind: 'subtitle', label: "Director's cut" },
      ],
    );
    expect(merged).toEqual([
      { id: 'meta:captions', label: 'captions', language: 'en' },
      { id: 'meta:director', label: "Director's cut" },
      { id: '1', label: 'Français', language: 'fr' },
    ]);
  });

  it('maps ids both ways and compares lists by value', () => {
    expect(metaTrackOf(metaTextId('captions'))).toBe('captions');
    expect(metaTrackOf('0')).toBeUndefined();
    expect(metaTrackOf(undefined)).toBeUndefined();
    expect(sameTextTracks([{ id: '0', label: 'a' }], [{ id: '0', label: 'a' }])).toBe(true);
    expect(sameTextTracks([{ id: '0', label: 'a' }], [{ id: '0', label: 'a', language: 'en' }])).toBe(false);
    expect(sameTextTracks([], [{ id: '0', label: 'a' }])).toBe(false);
  });
});
