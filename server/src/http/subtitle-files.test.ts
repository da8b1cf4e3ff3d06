import { describe, expect, it } from 'vitest';
import { parseSubtitleFile, vttFileName, wvttFileNames } from './subtitle-files';

describe('subtitle file names', () => {
  it('round-trips WebVTT parts and segments, with dashes and digits in the track name', () => {
    expect(parseSubtitleFile(vttFileName('en', 12))).toEqual({ track: 'en', type: 'vtt-segment', msn: 12 });
    expect(parseSubtitleFile(vttFileName('pt-BR-2', 12, 3))).toEqual({
      track: 'pt-BR-2',
      type: 'vtt-part',
      msn: 12,
      part: 3,
    });
  });

  it('reads the DASH template names', () => {
    const { init, media } = wvttFileNames('cc-1');
    expect(parseSubtitleFile(init)).toEqual({ track: 'cc-1', type: 'wvtt-init' });
    expect(parseSubtitleFile(media.replace('$Number$', '7'))).toEqual({
      track: 'cc-1',
      type: 'wvtt-segment',
      msn: 7,
    });
  });

  it('refuses anything else', () => {
    for (const name of [
      'subtitles--1.vtt',
      'subtitles-en.vtt',
      'video-1.m4s',
      'subtitles-a b-1.vtt',
      'subtitles-en-1.2.m4s',
    ]) {
      expect(parseSubtitleFile(name), name).toBeUndefined();
    }
  });
});
