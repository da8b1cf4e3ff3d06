import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ISOBoxer from 'codem-isoboxer';
import { afterAll, describe, expect, it } from 'vitest';
import type { CmafTrack } from './cmaf-sample';
import type { SubtitleCue } from './subtitle-cue';
import { boxPaths, findBoxes, hex, readBoxes } from './testing/box-reader';
import { hasTool } from './testing/media-tools';
import { wvttFragment, wvttInitSegment } from './wvtt';

type TextTrack = Extract<CmafTrack, { kind: 'text' }>;
const track: TextTrack = { id: 1, kind: 'text', codec: 'wvtt', timescale: 1000, language: 'pt-BR' };
const ascii = (text: string) => Buffer.from(text, 'utf8').toString('hex');
const arrayBuffer = (bytes: Uint8Array) => bytes.slice().buffer;

const CUES: SubtitleCue[] = [
  { id: 'a', startMs: 9500, endMs: 10_300, text: 'A' },
  { startMs: 10_200, endMs: 10_600, text: 'B1\nB2', settings: 'line:0 align:start' },
  { startMs: 10_800, endMs: 12_000, text: 'C' },
];

interface ReadCue {
  start: number;
  end: number;
  text: string;
  settings?: string;
}

/**
 * Reads a fragment as dash.js 5.2 does (`TextSourceBuffer._appendFragmentedWebVtt` on
 * codem-isoboxer): the timescale from the init's `mdhd`, each `trun` sample at `tfdt` + the
 * durations before it, its boxes parsed on their own; a cue per `vttc` (`payl` text, `sttg`
 * settings), nothing for `vtte`. Returns one entry per sample.
 */
function readLikeDashJs(
  init: Uint8Array,
  fragmentBytes: Uint8Array,
): Array<{ start: number; end: number; cues: ReadCue[] }> {
  const timescale = ISOBoxer.parseBuffer(arrayBuffer(init)).fetch('mdhd')?.timescale as number;
  const file = ISOBoxer.parseBuffer(arrayBuffer(fragmentBytes));
  const baseTime = Number(file.fetch('tfdt')?.baseMediaDecodeTime);
  const trun = file.fetch('trun') as unknown as {
    data_offset: number;
    samples: Array<{ sample_duration: number; sample_size: number }>;
  };
  let time = baseTime;
  let offset = trun.data_offset; // from the moof, which starts the fragment
  return trun.samples.map((sample) => {
    const start = time / timescale;
    const end = (time + sample.sample_duration) / timescale;
    const boxes = ISOBoxer.parseBuffer(
      arrayBuffer(fragmentBytes.subarray(offset, offset + sample.sample_size)),
    ).boxes;
    time += sample.sample_duration;
    offset += sample.sample_size;
    const cues = boxes
      .filter((box) => box.type === 'vttc')
      .map((vttc) => {
        const payl = vttc.boxes?.find((box) => box.type === 'payl');
        const sttg = vttc.boxes?.find((box) => box.type === 'sttg');
        return {
          start,
          end,
          text: payl?.cue_text as string,
          ...(sttg ? { settings: sttg.settings as string } : {}),
        };
      });
    expect(boxes.every((box) => box.type === 'vttc' || box.type === 'vtte')).toBe(true);
    return { start, end, cues };
  });
}

describe('wvttInitSegment', () => {
  const init = wvttInitSegment(track);
  const boxes = readBoxes(init);

  it('writes a text track: text handler, null media header, wvtt sample entry with vttC "WEBVTT"', () => {
    expect(boxPaths(boxes)).toEqual(
      expect.arrayContaining([
        'moov/trak/mdia/mdhd',
        'moov/trak/mdia/elng',
        'moov/trak/mdia/hdlr',
        'moov/trak/mdia/minf/nmhd',
        'moov/trak/mdia/minf/stbl/stsd/wvtt/vttC',
        'moov/mvex/trex',
      ]),
    );
    expect(hex(findBoxes(boxes, 'moov/trak/mdia/minf/stbl/stsd/wvtt/vttC')[0]?.bytes)).toBe(
      `0000000e 76747443 ${ascii('WEBVTT')}`.replace(/\s/g, ''),
    );
    // reserved 6 bytes, data_reference_index 1, then vttC.
    expect(hex(findBoxes(boxes, 'moov/trak/mdia/minf/stbl/stsd/wvtt')[0]?.bytes.subarray(0, 16))).toBe(
      '0000001e77767474000000000000' + '0001',
    );
    expect(hex(findBoxes(boxes, 'moov/trak/mdia/hdlr')[0]?.bytes.subarray(16, 20))).toBe(ascii('text'));
    expect(hex(findBoxes(boxes, 'moov/trak/mdia/elng')[0]?.bytes.subarray(12))).toBe(`${ascii('pt-BR')}00`);
    // major brand, minor version 0, compatible brands.
    expect(hex(findBoxes(boxes, 'ftyp')[0]?.bytes.subarray(8))).toBe(
      `${ascii('iso6')}00000000${ascii('iso6cmfccwvt')}`,
    );
  });

  it('leaves elng out without a language', () => {
    const { language: _, ...bare } = track;
    expect(boxPaths(readBoxes(wvttInitSegment(bare)))).not.toContain('moov/trak/mdia/elng');
  });
});

describe('wvttFragment', () => {
  const init = wvttInitSegment(track);

  it('splits the range at every cue boundary: vttc per shown cue, vtte where none (read like dash.js)', () => {
    const bytes = wvttFragment({ sequenceNumber: 3, track, startMs: 10_000, endMs: 11_000, cues: CUES });
    const settings = 'line:0 align:start';
    expect(readLikeDashJs(init, bytes)).toEqual([
      { start: 10, end: 10.2, cues: [{ start: 10, end: 10.2, text: 'A' }] },
      {
        start: 10.2,
        end: 10.3,
        cues: [
          { start: 10.2, end: 10.3, text: 'A' },
          { start: 10.2, end: 10.3, text: 'B1\nB2', settings },
        ],
      },
      { start: 10.3, end: 10.6, cues: [{ start: 10.3, end: 10.6, text: 'B1\nB2', settings }] },
      { start: 10.6, end: 10.8, cues: [] },
      { start: 10.8, end: 11, cues: [{ start: 10.8, end: 11, text: 'C' }] },
    ]);
  });

  it('writes a cue sample byte for byte: vttc(iden, sttg, payl) boxstrings without NUL', () => {
    const bytes = wvttFragment({
      sequenceNumber: 1,
      track,
      startMs: 0,
      endMs: 100,
      cues: [{ id: '7', startMs: 0, endMs: 100, text: 'Hi', settings: 'line:0' }],
    });
    const mdat = readBoxes(bytes).find((box) => box.type === 'mdat')?.bytes;
    expect(hex(mdat?.subarray(8))).toBe(
      (
        '00000029 76747463' + // vttc: 8 + 9 + 14 + 10 = 41 bytes
        ` 00000009 ${ascii('iden')} ${ascii('7')}` +
        ` 0000000e ${ascii('sttg')} ${ascii('line:0')}` +
        ` 0000000a ${ascii('payl')} ${ascii('Hi')}`
      ).replace(/\s/g, ''),
    );
    const empty = wvttFragment({ sequenceNumber: 1, track, startMs: 0, endMs: 100, cues: [] });
    expect(hex(readBoxes(empty).find((box) => box.type === 'mdat')?.bytes)).toBe(
      '00000010 6d646174 00000008 76747465'.replace(/\s/g, ''),
    );
  });

  it('makes durations add up to the range exactly on a 90 kHz clock with fractional boundaries', () => {
    const fine = { ...track, timescale: 90000 };
    const bytes = wvttFragment({
      sequenceNumber: 1,
      track: fine,
      startMs: 1000.4,
      endMs: 1233.37,
      cues: [
        { startMs: 1010.011, endMs: 1100.006, text: 'x' },
        { startMs: 1100.0061, endMs: 2000, text: 'y' },
      ],
    });
    const file = ISOBoxer.parseBuffer(arrayBuffer(bytes));
    const samples = (file.fetch('trun')?.samples ?? []) as Array<{ sample_duration: number }>;
    expect(Number(file.fetch('tfdt')?.baseMediaDecodeTime)).toBe(Math.round(1000.4 * 90));
    expect(samples.reduce((sum, s) => sum + s.sample_duration, 0)).toBe(
      Math.round(1233.37 * 90) - Math.round(1000.4 * 90),
    );
    // 1100.006 and 1100.0061 fall on the same tick: no zero-length sample between them.
    expect(samples.every((s) => s.sample_duration > 0)).toBe(true);
    expect(samples).toHaveLength(3); // empty, x, y
  });

  it('refuses a bad range or cue', () => {
    expect(() => wvttFragment({ sequenceNumber: 1, track, startMs: 5, endMs: 5, cues: [] })).toThrow(
      RangeError,
    );
    expect(() =>
      wvttFragment({
        sequenceNumber: 1,
        track,
        startMs: 0,
        endMs: 5,
        cues: [{ startMs: 0, endMs: 9, text: 'x', settings: 'bad' }],
      }),
    ).toThrow(/settings/);
  });
});

describe.skipIf(!hasTool('ffprobe'))('ffprobe readback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brume-wvtt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads init + three fragments: a wvtt track at 1/1000, one packet per span, in place', () => {
    const fragments = [0, 1, 2].map((i) =>
      wvttFragment({
        sequenceNumber: i + 1,
        track,
        startMs: 10_000 + i * 1000,
        endMs: 11_000 + i * 1000,
        cues: CUES,
      }),
    );
    const path = join(dir, 'subs.mp4');
    writeFileSync(path, Buffer.concat([wvttInitSegment(track), ...fragments]));
    // ffmpeg 5.1 has no wvtt decoder mapping (codec "unknown", type data), but demuxes the track.
    const run = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', path], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const probe = JSON.parse(run.stdout) as {
      streams: Array<{ codec_tag_string: string; time_base: string; tags: Record<string, string> }>;
      packets: Array<{ pts: number; size: string }>;
    };
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codec_tag_string: 'wvtt', time_base: '1/1000' });
    expect(probe.streams[0]?.tags.handler_name).toBe('TextHandler');
    // Spans: 10.0 A | 10.2 A+B | 10.3 B | 10.6 – | 10.8 C ‖ 11 C ‖ 12 –
    expect(probe.packets.map((p) => p.pts)).toEqual([10_000, 10_200, 10_300, 10_600, 10_800, 11_000, 12_000]);
    const sizes = fragments.flatMap((bytes) => {
      const file = ISOBoxer.parseBuffer(arrayBuffer(bytes));
      return ((file.fetch('trun')?.samples ?? []) as Array<{ sample_size: number }>).map(
        (s) => s.sample_size,
      );
    });
    expect(probe.packets.map((p) => Number(p.size))).toEqual(sizes);
  });
});
