import { describe, expect, it } from 'vitest';
import { readBoxes } from '../cmaf/testing/box-reader';
import { MetadataStore } from '../metadata/metadata-store';
import { SubtitleRenditions } from './subtitle-renditions';

const at = (time: number, data: unknown, duration?: number) => ({
  time,
  data,
  ...(duration === undefined ? {} : { duration }),
  position: { line: 1 },
});
const part = (index: number, startMs: number, durationMs = 250) => ({
  index,
  startMs,
  durationMs,
  independent: true,
});

function setup() {
  const store = new MetadataStore({ stream: 'live', clock: () => ({ liveEdgeMs: 5000, firstMs: 0 }) });
  return { store, subtitles: new SubtitleRenditions(store) };
}

describe('SubtitleRenditions', () => {
  it('makes each part’s WebVTT when the video part is made, and never changes it after', () => {
    const { store, subtitles } = setup();
    store.declare({ name: 'en', kind: 'subtitle', lang: 'en' });
    store.accept('en', [at(1100, 'first', 500)], 'subtitle');
    subtitles.addPart(1, part(0, 1000));
    expect(subtitles.partVtt('en', 1, 0)).toContain('00:00:01.100 --> 00:00:01.600\nfirst');
    // Late: its time is in part 0, already made; the next parts repeat it while it lasts.
    store.accept('en', [at(1200, 'late', 400)], 'subtitle');
    expect(subtitles.partVtt('en', 1, 0)).not.toContain('late');
    subtitles.addPart(1, part(1, 1250));
    expect(subtitles.partVtt('en', 1, 1)).toContain('late');
    expect(subtitles.partVtt('en', 1, 2)).toBeUndefined();
  });

  it('makes the segment WebVTT and wvtt when the segment ends, one wvtt fragment per part', () => {
    const { store, subtitles } = setup();
    store.declare({ name: 'en', kind: 'subtitle' });
    store.accept('en', [at(1300, 'cue')], 'subtitle'); // no duration: 5 s on screen
    subtitles.addPart(1, part(0, 1000));
    subtitles.addPart(1, part(1, 1250));
    expect(subtitles.segmentVtt('en', 1)).toBeUndefined();
    expect(subtitles.segmentWvtt('en', 1)?.complete).toBe(false);
    expect(subtitles.segmentWvtt('en', 1, 1)?.chunks).toHaveLength(1);
    expect(subtitles.segmentWvtt('en', 2)).toBeUndefined();
    subtitles.endSegment(1, 1500);
    expect(subtitles.segmentVtt('en', 1)).toContain('00:00:01.300 --> 00:00:06.300\ncue');
    const wvtt = subtitles.segmentWvtt('en', 1)!;
    expect(wvtt.complete).toBe(true);
    const boxes = readBoxes(Buffer.concat(wvtt.chunks));
    expect(boxes.map((box) => box.type)).toEqual(['moof', 'mdat', 'moof', 'mdat']);
    expect(Buffer.from(boxes[1]!.bytes).includes('vtte')).toBe(true); // 1000–1250: no cue
    expect(Buffer.from(boxes[3]!.bytes).includes('cue')).toBe(true);
  });

  it('answers empty files for a track that appeared after the part was made, and none for JSON tracks', () => {
    const { store, subtitles } = setup();
    store.accept('score', [at(1100, { goal: 1 })]);
    subtitles.addPart(1, part(0, 1000));
    subtitles.endSegment(1, 1250);
    expect(subtitles.tracks()).toEqual([]);
    store.declare({ name: 'fr', kind: 'subtitle', lang: 'fr' });
    store.accept('fr', [at(1100, 'trop tard', 500)], 'subtitle');
    expect(subtitles.tracks().map((track) => track.name)).toEqual(['fr']);
    expect(subtitles.partVtt('fr', 1, 0)).not.toContain('trop tard');
    expect(subtitles.segmentVtt('fr', 1)).toMatch(/^WEBVTT\n/);
    expect(Buffer.concat(subtitles.segmentWvtt('fr', 1)!.chunks).includes('vtte')).toBe(true);
  });

  it('forgets segments before the video’s oldest', () => {
    const { subtitles } = setup();
    subtitles.addPart(1, part(0, 1000));
    subtitles.endSegment(1, 1250);
    subtitles.addPart(2, part(0, 2000));
    subtitles.trim(2);
    expect(subtitles.partVtt('en', 1, 0)).toBeUndefined();
    expect(subtitles.partVtt('en', 2, 0)).toMatch(/^WEBVTT/);
  });
});
