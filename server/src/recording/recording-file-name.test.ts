import { describe, expect, it } from 'vitest';
import type { AccessUnit, TrackConfig } from '../media/access-unit';
import { parseRecordingFileName, recordingFileName } from './recording-file-name';
import { startsNewFile } from './recording-rotation';

describe('recording file names', () => {
  it('names a file after its stream and start in ISO 8601 basic format, and reads it back', () => {
    const name = recordingFileName('live+alice', Date.UTC(2026, 10, 25, 10, 45, 0, 123));
    expect(name).toEqual({
      stream: 'live+alice',
      file: 'live+alice-20261125T104500.123Z.mp4',
      path: 'live+alice/live+alice-20261125T104500.123Z.mp4',
      startUnixMs: Date.UTC(2026, 10, 25, 10, 45, 0, 123),
    });
    expect(parseRecordingFileName('live+alice', name.file)).toEqual(name);
  });

  it('refuses any other file, another stream, traversal and impossible dates', () => {
    for (const [stream, file] of [
      ['live', 'other-20261125T104500.123Z.mp4'],
      ['live', '../live-20261125T104500.123Z.mp4'],
      ['live', 'live-20261125T104500.123Z.mp4.part'],
      ['live', 'live-20261325T104500.123Z.mp4'],
      ['live', 'live-20261125T104561.123Z.mp4'],
      ['live', 'live-20261125T104500Z.mp4'],
      ['..', '..-20261125T104500.123Z.mp4'],
      ['live', 'live.mp4'],
    ] as const) {
      expect(parseRecordingFileName(stream, file), `${stream}/${file}`).toBeUndefined();
    }
  });
});

describe('startsNewFile', () => {
  const config = (tag: number) => ({ kind: 'video', avcC: Uint8Array.of(1, tag) }) as unknown as TrackConfig;
  const unit = (streamMs: number, keyframe: boolean, kind: AccessUnit['kind'] = 'video'): AccessUnit => ({
    kind,
    dts: streamMs * 90,
    cts: 0,
    keyframe,
    data: Uint8Array.of(0),
    streamMs,
  });
  const file = { firstMs: 1000, avcC: Uint8Array.of(1, 1) };

  it('starts the first file on a keyframe, and the next on the first keyframe a segment later', () => {
    expect(startsNewFile(unit(0, false), undefined, 10_000)).toBe(false);
    expect(startsNewFile(unit(0, true, 'audio'), undefined, 10_000)).toBe(false);
    expect(startsNewFile(unit(500, true), undefined, 10_000)).toBe(true);
    expect(startsNewFile(unit(10_900, true), file, 10_000)).toBe(false);
    expect(startsNewFile(unit(11_000, false), file, 10_000)).toBe(false);
    expect(startsNewFile(unit(11_000, true), file, 10_000)).toBe(true);
  });

  it('starts a new file at a new video configuration, not at the same one repeated', () => {
    expect(startsNewFile({ ...unit(2000, true), config: config(2) }, file, 10_000)).toBe(true);
    expect(startsNewFile({ ...unit(2000, true), config: config(1) }, file, 10_000)).toBe(false);
  });
});
