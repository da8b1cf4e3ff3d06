import { describe, expect, it } from 'vitest';
import { fragment, subtitleCue, type SubtitleCue } from '../cmaf';
import { findBoxes, readBoxes } from '../cmaf/testing/box-reader';
import { webvttSegment, webvttTime } from './webvtt-segment';

const cue = (
  startMs: number,
  endMs: number,
  text: string,
  extra: Partial<SubtitleCue> = {},
): SubtitleCue => ({
  startMs,
  endMs,
  text,
  ...extra,
});

describe('webvttSegment', () => {
  it('writes the header, the timestamp map and each overlapping cue with its id and settings', () => {
    const text = webvttSegment({
      startMs: 10_000,
      endMs: 11_000,
      cues: [
        cue(10_500, 12_000, 'Second', { id: '8' }),
        cue(9_000, 10_200, 'First\nline two', { id: '7', settings: 'line:0 align:start' }),
        cue(11_000, 12_000, 'Next segment'),
        cue(8_000, 10_000, 'Ended before'),
      ],
    });
    expect(text).toBe(
      [
        'WEBVTT',
        'X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000',
        '',
        '7',
        '00:00:09.000 --> 00:00:10.200 line:0 align:start',
        'First',
        'line two',
        '',
        '8',
        '00:00:10.500 --> 00:00:12.000',
        'Second',
        '',
      ].join('\n'),
    );
  });

  it('repeats a cue spanning segments in each, identical, so players can drop the copies', () => {
    const long = cue(900, 3100, 'Long', { id: '1' });
    const segments = [0, 1000, 2000, 3000].map((startMs) =>
      webvttSegment({ startMs, endMs: startMs + 1000, cues: [long] }),
    );
    const block = '1\n00:00:00.900 --> 00:00:03.100\nLong\n';
    for (const text of segments) expect(text.endsWith(`\n\n${block}`)).toBe(true);
  });

  it('writes an empty segment as a header only (hls.js and Shaka accept it)', () => {
    expect(webvttSegment({ startMs: 0, endMs: 500, cues: [] })).toBe(
      'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n',
    );
  });

  it('keeps cue text structurally safe: no blank line, no -->, LF line breaks', () => {
    const text = webvttSegment({
      startMs: 0,
      endMs: 1000,
      cues: [cue(0, 1000, 'a --> b\r\n\r\n  \r\nc\rd\n\u00a0\n<i>e</i> &amp; f')],
    });
    expect(text.split('\n\n')[1]).toBe(
      '00:00:00.000 --> 00:00:01.000\na --&gt; b\nc\nd\n\u00a0\n<i>e</i> &amp; f\n',
    );
  });

  it('turns subtitle events into cues: id, 5 s without a duration, text as given', () => {
    expect(subtitleCue({ track: 'cc', time: 1000, data: 'Hi', id: 4 })).toEqual({
      id: '4',
      startMs: 1000,
      endMs: 6000,
      text: 'Hi',
    });
    expect(subtitleCue({ track: 'cc', time: 1000, duration: 250, data: 'Hi' }).endMs).toBe(1250);
    expect(() => subtitleCue({ track: 'cc', time: 0, data: { text: 'Hi' } })).toThrow(/cue text/);
  });

  it('refuses cues and ranges that would break the file', () => {
    const write = (bad: SubtitleCue) => () => webvttSegment({ startMs: 0, endMs: 1000, cues: [bad] });
    expect(write(cue(500, 500, 'x'))).toThrow(/start < end/);
    expect(write(cue(0, 600, 'x', { id: 'a\nb' }))).toThrow(/cue id/);
    expect(write(cue(0, 600, 'x', { id: 'a-->b' }))).toThrow(/cue id/);
    expect(write(cue(0, 600, 'x', { settings: 'line:0\nx' }))).toThrow(/settings/);
    expect(write(cue(0, 600, 'x', { settings: 'bold' }))).toThrow(/settings/);
    expect(() => webvttSegment({ startMs: 1000, endMs: 1000, cues: [] })).toThrow(RangeError);
  });
});

describe('webvttTime', () => {
  it('writes hh:mm:ss.ttt, hours growing past 99, rounded to the millisecond', () => {
    expect(webvttTime(0)).toBe('00:00:00.000');
    expect(webvttTime(3_723_004.6)).toBe('01:02:03.005');
    expect(webvttTime(360_000_000)).toBe('100:00:00.000');
  });
});

/**
 * The cue lands on the frame of the same stream time in both engines that read WebVTT renditions.
 * The formulas are hls.js 1.7's (`passthrough-remuxer.ts`: media time = tfdt/timescale − initPTS;
 * `webvtt-parser.ts`: cue + (MPEGTS − initPTS·90k)/90k − LOCAL, or the cc offset (0) when that
 * difference is 0, then unwrapped near the fragment's playlist time) and Shaka 5.2's
 * (`vtt_text_parser.js`: cue + periodStart + MPEGTS/90k − LOCAL, media shifted by the same
 * periodStart). The tfdt is read from a real part, the map and cue time from the written text.
 */
describe('cue timing against the CMAF media timeline', () => {
  const ROLLOVER = 2 ** 33;

  function partTfdtSeconds(streamMs: number): number {
    const bytes = fragment({
      sequenceNumber: 1,
      tracks: [
        {
          track: { id: 1 },
          samples: [{ dts: streamMs * 90, cts: 0, duration: 3000, keyframe: true, data: new Uint8Array(4) }],
        },
      ],
    });
    const tfdt = findBoxes(readBoxes(bytes), 'moof/traf/tfdt')[0]?.bytes ?? new Uint8Array();
    return Number(Buffer.from(tfdt).readBigUInt64BE(12)) / 90000;
  }

  function parse(text: string): { mpegts: number; localS: number; cueS: number } {
    const map = /X-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:(\d+):(\d\d):(\d\d\.\d\d\d)/.exec(text);
    const timing = /\n(\d+):(\d\d):(\d\d\.\d\d\d) -->/.exec(text);
    if (!map || !timing) throw new Error(`no map or cue in ${text}`);
    const seconds = (h = '', m = '', s = '') => Number(h) * 3600 + Number(m) * 60 + Number(s);
    return {
      mpegts: Number(map[1]),
      localS: seconds(map[2], map[3], map[4]),
      cueS: seconds(timing[1], timing[2], timing[3]),
    };
  }

  function normalizePts(value: number, reference: number): number {
    let result = value;
    while (Math.abs(result - reference) > 2 ** 32) result += reference < result ? -ROLLOVER : ROLLOVER;
    return result;
  }

  it.each([
    [10_000, 0],
    [10_000, 10],
    [3_600_000, 3575.5],
    [30 * 3_600_000, 30 * 3600 - 42], // 30 h: past the 33-bit wrap of 90 kHz time
    [100 * 3_600_000, 0.04],
  ])('stream %i ms with initPTS %f s: hls.js and Shaka put the cue on the frame', (streamMs, initPtsS) => {
    const frameMediaTimeHlsjs = partTfdtSeconds(streamMs) - initPtsS;
    const { mpegts, localS, cueS } = parse(
      webvttSegment({
        startMs: streamMs,
        endMs: streamMs + 1000,
        cues: [cue(streamMs, streamMs + 500, 'x')],
      }),
    );
    const init90k = initPtsS * 90000;
    const offset = mpegts - init90k !== 0 ? (mpegts - init90k) / 90000 : 0;
    const playlistTime = frameMediaTimeHlsjs; // hls.js: the fragment's start in the playlist
    const hlsjsCue = normalizePts((cueS + offset - localS) * 90000, playlistTime * 90000) / 90000;
    expect(hlsjsCue).toBeCloseTo(frameMediaTimeHlsjs, 6);

    const periodStart = -initPtsS; // Shaka's timestamp offset for the same media
    expect(cueS + periodStart + mpegts / 90000 - localS).toBeCloseTo(
      partTfdtSeconds(streamMs) + periodStart,
      6,
    );
  });
});
