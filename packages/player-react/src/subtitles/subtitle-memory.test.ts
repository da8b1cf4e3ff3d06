// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { loadSubtitleChoice, rememberedTrack, saveSubtitleChoice } from './subtitle-memory';

afterEach(() => localStorage.clear());

const en = { id: 'meta:captions', label: 'captions', language: 'en' };
const enDirector = { id: 'meta:director', label: 'director', language: 'en' };
const fr = { id: '1', label: 'Français', language: 'fr' };
const plain = { id: '2', label: 'Signs' };

describe('subtitle memory', () => {
  it('stores a pick by language and label, and off', () => {
    expect(loadSubtitleChoice()).toBeUndefined();
    saveSubtitleChoice(fr);
    expect(loadSubtitleChoice()).toEqual({ language: 'fr', label: 'Français' });
    saveSubtitleChoice(undefined);
    expect(loadSubtitleChoice()).toBe('off');
  });

  it('ignores garbled storage', () => {
    localStorage.setItem('brume-player:subtitles', '{"label": 3');
    expect(loadSubtitleChoice()).toBeUndefined();
    localStorage.setItem('brume-player:subtitles', '{"label": 3}');
    expect(loadSubtitleChoice()).toBeUndefined();
  });

  it('matches by language first (same label preferred), then by label', () => {
    const tracks = [en, enDirector, fr, plain];
    expect(rememberedTrack(tracks, { language: 'en', label: 'director' })).toBe(enDirector);
    expect(rememberedTrack(tracks, { language: 'en', label: 'other' })).toBe(en);
    expect(rememberedTrack(tracks, { language: 'de', label: 'Signs' })).toBe(plain);
    expect(rememberedTrack(tracks, { language: undefined, label: 'Français' })).toBe(fr);
    expect(rememberedTrack(tracks, { language: 'de', label: 'Deutsch' })).toBeUndefined();
    expect(rememberedTrack(tracks, 'off')).toBeUndefined();
    expect(rememberedTrack(tracks, undefined)).toBeUndefined();
  });
});
