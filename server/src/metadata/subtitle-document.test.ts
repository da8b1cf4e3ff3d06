import { describe, expect, it } from 'vitest';
import { MetadataError } from './metadata-error';
import { parseSubtitleDocument, subtitleFormatOf } from './subtitle-document';

const VTT = `WEBVTT - live captions
Kind: captions

NOTE a comment
spanning lines

STYLE
::cue { color: yellow }

intro
00:00.500 --> 00:02.000 align:start position:10%
<v Anna>Hello</v>
<i>world</i>

01:00:01.250 --> 01:00:03.000
Later
`;

const SRT = `\uFEFF1\r
00:00:01,000 --> 00:00:02,500 X1:10 X2:100 Y1:10 Y2:50\r
<font color="red">Red</font> and <b>bold</b>\r
\r
2\r
00:00:03.000 --> 00:00:04,000\r
{\\an8}Top line\r
`;

function errorOf(run: () => unknown): MetadataError {
  try {
    run();
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('subtitle documents', () => {
  it('knows the format from the content type or the first line', () => {
    expect(subtitleFormatOf('text/vtt; charset=utf-8', '')).toBe('webvtt');
    expect(subtitleFormatOf('application/x-subrip', '')).toBe('srt');
    expect(subtitleFormatOf('text/srt', '')).toBe('srt');
    expect(subtitleFormatOf(undefined, VTT)).toBe('webvtt');
    expect(subtitleFormatOf('text/plain', SRT)).toBe('srt');
    expect(subtitleFormatOf('application/json', '{"data":1}')).toBeUndefined();
    expect(subtitleFormatOf(undefined, '1\n{"data":1}')).toBeUndefined();
    expect(subtitleFormatOf(undefined, 'WEBVTTX')).toBeUndefined();
  });

  it('parses WebVTT cues, skipping header, NOTE and STYLE blocks and dropping cue settings', () => {
    expect(parseSubtitleDocument(VTT, 'webvtt')).toEqual([
      { startMs: 500, endMs: 2000, text: '<v Anna>Hello</v>\n<i>world</i>', line: 11 },
      { startMs: 3_601_250, endMs: 3_603_000, text: 'Later', line: 15 },
    ]);
  });

  it('parses SRT (BOM, CRLF, "." as well as ","), removing <font> and {\\an8} tags', () => {
    expect(parseSubtitleDocument(SRT, 'srt')).toEqual([
      { startMs: 1000, endMs: 2500, text: 'Red and <b>bold</b>', line: 2 },
      { startMs: 3000, endMs: 4000, text: 'Top line', line: 6 },
    ]);
  });

  it('names the line of what is wrong', () => {
    const cases: [string, 'webvtt' | 'srt', number, RegExp][] = [
      ['1\n00:00:01,000 --> 00:00:02,000\nok\n', 'webvtt', 1, /starts with "WEBVTT"/],
      ['WEBVTT\n\n00:01.000 -> 00:02.000\nx\n', 'webvtt', 3, /timing line like "00:00:01.000/],
      ['WEBVTT\n\n00:01.000 --> 00:02\nx\n', 'webvtt', 3, /bad cue timestamp "00:02"/],
      ['WEBVTT\n\n00:61.000 --> 00:62.000\nx\n', 'webvtt', 3, /00-59/],
      ['WEBVTT\n\nid\n00:02.000 --> 00:01.000\nx\n', 'webvtt', 4, /ends before it starts/],
      ['WEBVTT\n\n00:01.000 --> 00:02.000\n', 'webvtt', 3, /cue text is empty/],
      ['WEBVTT\n\nNOTE only a note\n', 'webvtt', 1, /no cues/],
      ['1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n1:2:3 --> 00:00:04,000\nx', 'srt', 6, /bad cue timestamp/],
    ];
    for (const [text, format, line, message] of cases) {
      const error = errorOf(() => parseSubtitleDocument(text, format));
      expect(error.code, text).toBe('metadata/invalid');
      expect(error.position?.line, text).toBe(line);
      expect(error.message, text).toMatch(message);
    }
  });
});
