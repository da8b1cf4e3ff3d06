import { describe, expect, it } from 'vitest';
import type { PartRef, RenditionSnapshot, SegmentRef } from '../segments/segment-model';
import {
  listedSegments,
  mediaPlaylist,
  renditionReport,
  subtitlePlaylist,
  type MediaPlaylistOptions,
} from './media-playlist';

const START = Date.UTC(2026, 10, 24, 10, 0, 0); // 2026-11-24T10:00:00.000Z

/** Segment `msn` of 1 s at stream time msn s: `parts` parts of 250 ms, the first one a keyframe. */
function segment(msn: number, parts = 4, overrides: Partial<SegmentRef> = {}): SegmentRef {
  const startMs = msn * 1000;
  const partList: PartRef[] = Array.from({ length: parts }, (_, index) => ({
    index,
    startMs: startMs + index * 250,
    durationMs: 250,
    independent: index === 0,
  }));
  return {
    msn,
    startMs,
    durationMs: parts * 250,
    complete: true,
    independent: true,
    parts: partList,
    ...overrides,
  };
}

function inProgress(msn: number, parts: number): SegmentRef {
  return segment(msn, parts, { complete: false });
}

function rendition(segments: SegmentRef[], ended = false): RenditionSnapshot {
  return { kind: 'video', codec: 'avc1.42e01f', bandwidth: 1_000_000, segments, ended };
}

function options(overrides: Partial<MediaPlaylistOptions> = {}): MediaPlaylistOptions {
  return {
    rendition: rendition([segment(0), inProgress(1, 1)]),
    startUnixMs: START,
    targetDurationS: 1,
    partTargetS: 0.25,
    partHoldBackS: 0.75,
    uris: {
      init: 'init.mp4',
      segment: (msn) => `s${msn}.m4s`,
      part: (msn, index) => `s${msn}.${index}.m4s`,
    },
    ...overrides,
  };
}

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

function tagLines(text: string, tag: string): string[] {
  return lines(text).filter((line) => line.startsWith(tag));
}

describe('mediaPlaylist', () => {
  it('writes a live playlist: parts, complete segments, the in-progress segment, hint and report', () => {
    const text = mediaPlaylist(
      options({
        rendition: rendition([segment(7), segment(8), inProgress(9, 2)]),
        renditionReports: [{ uri: 'audio.m3u8', lastMsn: 9, lastPart: 1 }],
      }),
    );
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-PART-INF:PART-TARGET=0.250',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.750,HOLD-BACK=3.000',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:07.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="s7.0.m4s",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.250,URI="s7.1.m4s"',
        '#EXT-X-PART:DURATION=0.250,URI="s7.2.m4s"',
        '#EXT-X-PART:DURATION=0.250,URI="s7.3.m4s"',
        '#EXTINF:1.000,',
        's7.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:08.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="s8.0.m4s",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.250,URI="s8.1.m4s"',
        '#EXT-X-PART:DURATION=0.250,URI="s8.2.m4s"',
        '#EXT-X-PART:DURATION=0.250,URI="s8.3.m4s"',
        '#EXTINF:1.000,',
        's8.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:09.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="s9.0.m4s",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.250,URI="s9.1.m4s"',
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s9.2.m4s"',
        '#EXT-X-RENDITION-REPORT:URI="audio.m3u8",LAST-MSN=9,LAST-PART=1',
        '',
      ].join('\n'),
    );
  });

  it('writes an ended playlist with EXT-X-ENDLIST and no preload hint', () => {
    const text = mediaPlaylist(options({ rendition: rendition([segment(3, 2)], true) }));
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-PART-INF:PART-TARGET=0.250',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.750,HOLD-BACK=3.000',
        '#EXT-X-MEDIA-SEQUENCE:3',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:03.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="s3.0.m4s",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.250,URI="s3.1.m4s"',
        '#EXTINF:0.500,',
        's3.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('uses version 6: EXT-X-MAP needs it, the LL-HLS tags need nothing more, no EXT-X-SKIP is written', () => {
    const text = mediaPlaylist(options());
    expect(tagLines(text, '#EXT-X-VERSION')).toEqual(['#EXT-X-VERSION:6']);
    expect(text).not.toContain('EXT-X-SKIP');
    expect(text).not.toContain('CAN-SKIP-UNTIL');
  });

  it('sets EXT-X-MEDIA-SEQUENCE to the first listed msn', () => {
    const text = mediaPlaylist(
      options({ rendition: rendition([segment(41), segment(42), inProgress(43, 0)]) }),
    );
    expect(tagLines(text, '#EXT-X-MEDIA-SEQUENCE')).toEqual(['#EXT-X-MEDIA-SEQUENCE:41']);
  });

  it('sets HOLD-BACK to three target durations and writes PART-HOLD-BACK as given', () => {
    const text = mediaPlaylist(options({ targetDurationS: 2, partTargetS: 0.5, partHoldBackS: 1.5 }));
    expect(tagLines(text, '#EXT-X-TARGETDURATION')).toEqual(['#EXT-X-TARGETDURATION:2']);
    expect(tagLines(text, '#EXT-X-PART-INF')).toEqual(['#EXT-X-PART-INF:PART-TARGET=0.500']);
    expect(tagLines(text, '#EXT-X-SERVER-CONTROL')).toEqual([
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500,HOLD-BACK=6.000',
    ]);
  });

  describe('preload hint', () => {
    it('names the next part of the in-progress segment', () => {
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), inProgress(1, 3)]) }));
      expect(tagLines(text, '#EXT-X-PRELOAD-HINT')).toEqual(['#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s1.3.m4s"']);
    });

    it('names part 0 of an in-progress segment that has no part yet', () => {
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), inProgress(1, 0)]) }));
      expect(tagLines(text, '#EXT-X-PRELOAD-HINT')).toEqual(['#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s1.0.m4s"']);
    });

    it('names part 0 of the next msn when the last segment is complete', () => {
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), segment(1)]) }));
      expect(tagLines(text, '#EXT-X-PRELOAD-HINT')).toEqual(['#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s2.0.m4s"']);
    });

    it('is left out once the rendition ended', () => {
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), segment(1)], true) }));
      expect(text).not.toContain('EXT-X-PRELOAD-HINT');
      expect(lines(text).at(-1)).toBe('#EXT-X-ENDLIST');
    });
  });

  describe('segments and parts', () => {
    it('lists only the parts of the in-progress segment, with no EXTINF or URI line for it', () => {
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), inProgress(1, 2)]) }));
      expect(lines(text).slice(-4)).toEqual([
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:01.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="s1.0.m4s",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.250,URI="s1.1.m4s"',
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s1.2.m4s"',
      ]);
      expect(text).not.toContain('s1.m4s');
    });

    it('marks independent parts only, including a part that starts with a keyframe mid-segment', () => {
      const withKeyframe = segment(0);
      const parts = withKeyframe.parts.map((part) => ({
        ...part,
        independent: part.index === 0 || part.index === 2,
      }));
      const text = mediaPlaylist(options({ rendition: rendition([{ ...withKeyframe, parts }]) }));
      expect(tagLines(text, '#EXT-X-PART:').map((line) => line.endsWith(',INDEPENDENT=YES'))).toEqual([
        true,
        false,
        true,
        false,
      ]);
    });

    it('does not mark a segment cut without a keyframe', () => {
      const noKeyframe = segment(1, 4, { independent: false });
      const parts = noKeyframe.parts.map((part) => ({ ...part, independent: false }));
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), { ...noKeyframe, parts }]) }));
      expect(tagLines(text, '#EXT-X-PART:DURATION=0.250,URI="s1.0.m4s"')).toEqual([
        '#EXT-X-PART:DURATION=0.250,URI="s1.0.m4s"',
      ]);
    });

    it('never writes EXT-X-INDEPENDENT-SEGMENTS (it could not be removed later without breaking §6.2.1)', () => {
      const text = mediaPlaylist(options({ rendition: rendition([segment(0), segment(1)]) }));
      expect(text).not.toContain('EXT-X-INDEPENDENT-SEGMENTS');
    });

    it('writes durations as decimal seconds with 3 decimals, never in exponent notation', () => {
      const odd = segment(0, 1, { durationMs: 1033.3333 });
      const tiny = segment(1, 1, { startMs: 1033.3333, durationMs: 1e-7 });
      const parts = [{ index: 0, startMs: 2000, durationMs: 213.3336, independent: true }];
      const text = mediaPlaylist(
        options({ targetDurationS: 2, rendition: rendition([odd, tiny, { ...segment(2, 1), parts }]) }),
      );
      expect(tagLines(text, '#EXTINF')).toEqual(['#EXTINF:1.033,', '#EXTINF:0.000,', '#EXTINF:0.250,']);
      expect(text).toContain('#EXT-X-PART:DURATION=0.213,URI="s2.0.m4s",INDEPENDENT=YES');
      expect(text).not.toMatch(/\de[-+]?\d/);
    });
  });

  describe('EXT-X-PROGRAM-DATE-TIME', () => {
    it('is written before every segment, in UTC with milliseconds, from startUnixMs + startMs', () => {
      const text = mediaPlaylist(
        options({
          startUnixMs: START + 0.4,
          rendition: rendition([segment(0, 4, { startMs: 12.6 }), inProgress(1, 1)]),
        }),
      );
      expect(tagLines(text, '#EXT-X-PROGRAM-DATE-TIME')).toEqual([
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:00.013Z',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:01.000Z',
      ]);
    });

    it('comes before the first part of its segment (§4.4.4.9)', () => {
      const text = lines(mediaPlaylist(options({ rendition: rendition([segment(0)]) })));
      const date = text.findIndex((line) => line.startsWith('#EXT-X-PROGRAM-DATE-TIME'));
      const part = text.findIndex((line) => line.startsWith('#EXT-X-PART:'));
      expect(date).toBeLessThan(part);
    });
  });

  describe('a jump in msn', () => {
    const jumped = rendition([segment(10), segment(11), segment(14), inProgress(15, 1)]);

    it('keeps msns positional with EXT-X-GAP segments that fill the missing time (§6.2.1)', () => {
      const text = mediaPlaylist(options({ rendition: jumped, partsListedForLastSegments: 1 }));
      expect(lines(text).slice(7)).toEqual([
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:10.000Z',
        '#EXTINF:1.000,',
        's10.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:11.000Z',
        '#EXTINF:1.000,',
        's11.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:12.000Z',
        '#EXT-X-GAP',
        '#EXTINF:1.000,',
        's12.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:13.000Z',
        '#EXT-X-GAP',
        '#EXTINF:1.000,',
        's13.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:14.000Z',
        '#EXTINF:1.000,',
        's14.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:15.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="s15.0.m4s",INDEPENDENT=YES',
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s15.1.m4s"',
      ]);
    });

    it('writes no EXT-X-DISCONTINUITY: the media timestamps continue', () => {
      expect(mediaPlaylist(options({ rendition: jumped }))).not.toContain('DISCONTINUITY');
    });

    it('splits the missing time on whole milliseconds and never gives a gap a negative duration', () => {
      const uneven = listedSegments(rendition([segment(0, 4, { durationMs: 900 }), segment(4)]));
      expect(uneven.filter((s) => s.gap).map((s) => [s.msn, s.startMs, s.durationMs])).toEqual([
        [1, 900, 1033],
        [2, 1933, 1034],
        [3, 2967, 1033],
      ]);
      const overlapping = listedSegments(
        rendition([segment(0, 4, { durationMs: 1500 }), segment(2, 4, { startMs: 1400 })]),
      );
      expect(overlapping[1]).toMatchObject({ msn: 1, gap: true, durationMs: 0, parts: [] });
    });
  });

  describe('which segments list their parts', () => {
    const long = rendition([0, 1, 2, 3, 4, 5].map((msn) => segment(msn)).concat(inProgress(6, 2)));

    function segmentsWithParts(text: string): number[] {
      const msns = tagLines(text, '#EXT-X-PART:').map((line) => Number(/URI="s(\d+)\./.exec(line)?.[1]));
      return [...new Set(msns)];
    }

    it('by default, the segments that start within 3 target durations of the end', () => {
      // The playlist ends at 6.5 s, so segments starting at 3.5 s or later: 4, 5 and 6.
      expect(segmentsWithParts(mediaPlaylist(options({ rendition: long })))).toEqual([4, 5, 6]);
      expect(segmentsWithParts(mediaPlaylist(options({ rendition: long, targetDurationS: 2 })))).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
    });

    it('the last N segments when partsListedForLastSegments is given', () => {
      expect(
        segmentsWithParts(mediaPlaylist(options({ rendition: long, partsListedForLastSegments: 2 }))),
      ).toEqual([5, 6]);
      expect(
        segmentsWithParts(mediaPlaylist(options({ rendition: long, partsListedForLastSegments: 99 }))),
      ).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it('always all parts of a segment, never some: hls.js numbers parts by their position', () => {
      const text = mediaPlaylist(options({ rendition: long }));
      expect(tagLines(text, '#EXT-X-PART:DURATION=0.250,URI="s4.')).toHaveLength(4);
    });

    it('the last segment even when it alone is longer than the window', () => {
      const huge = rendition([segment(0), segment(1, 20, { durationMs: 5000 })]);
      expect(segmentsWithParts(mediaPlaylist(options({ rendition: huge, targetDurationS: 5 })))).toEqual([
        0, 1,
      ]);
      expect(segmentsWithParts(mediaPlaylist(options({ rendition: huge, targetDurationS: 1 })))).toEqual([1]);
    });
  });

  describe('rendition reports', () => {
    it('writes one EXT-X-RENDITION-REPORT per report, quoted URI, after the preload hint', () => {
      const text = mediaPlaylist(
        options({
          renditionReports: [
            { uri: 'audio.m3u8', lastMsn: 1, lastPart: 0 },
            { uri: '../other/video.m3u8', lastMsn: 0, lastPart: 3 },
          ],
        }),
      );
      expect(lines(text).slice(-3)).toEqual([
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="s1.1.m4s"',
        '#EXT-X-RENDITION-REPORT:URI="audio.m3u8",LAST-MSN=1,LAST-PART=0',
        '#EXT-X-RENDITION-REPORT:URI="../other/video.m3u8",LAST-MSN=0,LAST-PART=3',
      ]);
    });

    it('refuses a report without whole numbers', () => {
      expect(() =>
        mediaPlaylist(options({ renditionReports: [{ uri: 'a.m3u8', lastMsn: -1, lastPart: 0 }] })),
      ).toThrow(RangeError);
      expect(() =>
        mediaPlaylist(options({ renditionReports: [{ uri: 'a.m3u8', lastMsn: 1, lastPart: 0.5 }] })),
      ).toThrow(RangeError);
    });
  });

  it('writes a header-only playlist for a rendition without segments', () => {
    const text = mediaPlaylist(options({ rendition: rendition([]) }));
    expect(lines(text).slice(5)).toEqual(['#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-MAP:URI="init.mp4"']);
  });

  describe('refuses what would make a wrong playlist', () => {
    it('a target duration that is not a whole number of seconds', () => {
      expect(() => mediaPlaylist(options({ targetDurationS: 1.5 }))).toThrow(/whole number/);
      expect(() => mediaPlaylist(options({ targetDurationS: 0 }))).toThrow(RangeError);
    });

    it('a part target of 0 or above the target duration', () => {
      expect(() => mediaPlaylist(options({ partTargetS: 0 }))).toThrow(RangeError);
      expect(() => mediaPlaylist(options({ partTargetS: 1.5, partHoldBackS: 4 }))).toThrow(RangeError);
    });

    it('PART-HOLD-BACK under twice the part target (§4.4.3.8 MUST)', () => {
      expect(() => mediaPlaylist(options({ partHoldBackS: 0.49 }))).toThrow(/PART-TARGET/);
      expect(() => mediaPlaylist(options({ partHoldBackS: 0.5 }))).not.toThrow();
    });

    it('partsListedForLastSegments below 1 or fractional', () => {
      expect(() => mediaPlaylist(options({ partsListedForLastSegments: 0 }))).toThrow(RangeError);
      expect(() => mediaPlaylist(options({ partsListedForLastSegments: 1.5 }))).toThrow(RangeError);
    });

    it('msns that do not increase', () => {
      expect(() => mediaPlaylist(options({ rendition: rendition([segment(2), segment(2)]) }))).toThrow(
        /increase/,
      );
      expect(() => mediaPlaylist(options({ rendition: rendition([segment(3), segment(2)]) }))).toThrow(
        /increase/,
      );
    });

    it('an incomplete segment that is not the last, or any incomplete segment once ended', () => {
      expect(() => mediaPlaylist(options({ rendition: rendition([inProgress(0, 1), segment(1)]) }))).toThrow(
        /incomplete/,
      );
      expect(() =>
        mediaPlaylist(options({ rendition: rendition([segment(0), inProgress(1, 1)], true) })),
      ).toThrow(/incomplete/);
    });

    it('part indexes that are not 0, 1, 2… in order', () => {
      const skipped = segment(0);
      const parts = skipped.parts.filter((part) => part.index !== 1);
      expect(() => mediaPlaylist(options({ rendition: rendition([{ ...skipped, parts }]) }))).toThrow(
        /part index/,
      );
    });

    it('URIs that cannot be written: a quote or newline in a quoted-string, a URI line that is a comment', () => {
      const uris = options().uris;
      expect(() => mediaPlaylist(options({ uris: { ...uris, init: 'a"b.mp4' } }))).toThrow(/quoted-string/);
      expect(() => mediaPlaylist(options({ uris: { ...uris, part: () => 'p\n.m4s' } }))).toThrow(
        /quoted-string/,
      );
      expect(() => mediaPlaylist(options({ uris: { ...uris, segment: () => '#s.m4s' } }))).toThrow(
        /URI line/,
      );
      expect(() => mediaPlaylist(options({ uris: { ...uris, segment: () => '' } }))).toThrow(/URI line/);
    });

    it('a start time that is not a number', () => {
      expect(() => mediaPlaylist(options({ startUnixMs: Number.NaN }))).toThrow(RangeError);
    });
  });
});

describe('renditionReport', () => {
  it('reports the newest part of an in-progress segment', () => {
    expect(renditionReport('v.m3u8', rendition([segment(4), inProgress(5, 3)]))).toEqual({
      uri: 'v.m3u8',
      lastMsn: 5,
      lastPart: 2,
    });
  });

  it('reports the last part of the previous segment while the new one has none', () => {
    expect(renditionReport('v.m3u8', rendition([segment(4), inProgress(5, 0)]))).toEqual({
      uri: 'v.m3u8',
      lastMsn: 4,
      lastPart: 3,
    });
  });

  it('reports the last part of a complete last segment', () => {
    expect(renditionReport('v.m3u8', rendition([segment(4, 3)]))).toEqual({
      uri: 'v.m3u8',
      lastMsn: 4,
      lastPart: 2,
    });
  });

  it('is undefined before the first part', () => {
    expect(renditionReport('v.m3u8', rendition([]))).toBeUndefined();
    expect(renditionReport('v.m3u8', rendition([inProgress(0, 0)]))).toBeUndefined();
  });
});

describe('subtitlePlaylist', () => {
  const subtitleUris = {
    segment: (msn: number) => `c${msn}.vtt`,
    part: (msn: number, i: number) => `c${msn}.${i}.vtt`,
  };

  it('writes the video playlist’s segments and parts as WebVTT, without a map, every part independent', () => {
    const video = options({ rendition: rendition([segment(7, 2), inProgress(8, 1)]) });
    expect(subtitlePlaylist({ ...video, uris: subtitleUris })).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-PART-INF:PART-TARGET=0.250',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.750,HOLD-BACK=3.000',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:07.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="c7.0.vtt",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.250,URI="c7.1.vtt",INDEPENDENT=YES',
        '#EXTINF:0.500,',
        'c7.vtt',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:08.000Z',
        '#EXT-X-PART:DURATION=0.250,URI="c8.0.vtt",INDEPENDENT=YES',
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="c8.1.vtt"',
        '',
      ].join('\n'),
    );
  });

  it('lines up with the video playlist: same header, numbers, dates, durations, gaps and end', () => {
    const snapshot = rendition([segment(3), segment(4), segment(7), segment(8, 3)], true);
    const video = mediaPlaylist(options({ rendition: snapshot }));
    const subtitles = subtitlePlaylist({ ...options({ rendition: snapshot }), uris: subtitleUris });
    const shared = (text: string) =>
      lines(text)
        .filter((line) => !line.startsWith('#EXT-X-MAP') && (line.startsWith('#EXT') || line === ''))
        .map((line) => line.replace(/,URI="[^"]*"(,INDEPENDENT=YES)?$/, ''));
    expect(shared(subtitles)).toEqual(shared(video));
    expect(tagLines(subtitles, '#EXT-X-GAP')).toHaveLength(2);
    expect(tagLines(subtitles, '#EXT-X-ENDLIST')).toHaveLength(1);
  });
});
