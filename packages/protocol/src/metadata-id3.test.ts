import { describe, expect, it } from 'vitest';
import {
  ID3_EMSG_SCHEME,
  metadataEventFromEmsg,
  metadataEventFromId3,
  metadataEventFromId3Frame,
  metadataEventFromJson,
  parseEventMessage,
  parseId3TextFrames,
} from './metadata-id3';

/** Bytes from numbers and ASCII strings (this package has no TextEncoder/Buffer types). */
function bytes(...parts: Array<number | number[] | string>): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? Array.from(part, (char) => char.charCodeAt(0)) : part,
    ),
  );
}

const u32 = (value: number) => [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const syncsafe = (value: number) => [
  (value >>> 21) & 0x7f,
  (value >>> 14) & 0x7f,
  (value >>> 7) & 0x7f,
  value & 0x7f,
];

/** An ID3 tag around the given frames (sizes computed here, the way the spec defines them). */
function tag(major: 3 | 4, flags: number, body: Uint8Array): Uint8Array {
  return bytes('ID3', major, 0, flags, syncsafe(body.length), Array.from(body));
}

function frame(major: 3 | 4, id: string, body: number[], formatFlags = 0): number[] {
  const size = major === 4 ? syncsafe(body.length) : u32(body.length);
  return [...bytes(id), ...size, 0, formatFlags, ...body];
}

const EVENT_JSON = '{"track":"chat","time":1500,"data":{"a":1},"id":7}';
const txxx = (major: 3 | 4, value = EVENT_JSON) => frame(major, 'TXXX', [3, ...bytes('brume', 0, value)]);

describe('parseId3TextFrames', () => {
  it('reads a v2.4 UTF-8 TXXX frame and a plain text frame', () => {
    const body = bytes(txxx(4), frame(4, 'TIT2', [3, ...bytes('Title')]));
    expect(parseId3TextFrames(tag(4, 0, body))).toEqual([
      { key: 'TXXX', info: 'brume', data: EVENT_JSON },
      { key: 'TIT2', info: '', data: 'Title' },
    ]);
  });

  it('reads frame sizes above 127 as syncsafe in v2.4 and plain in v2.3', () => {
    const long = 'x'.repeat(300);
    expect(parseId3TextFrames(tag(4, 0, bytes(txxx(4, long))))?.[0]?.data).toBe(long);
    expect(parseId3TextFrames(tag(3, 0, bytes(txxx(3, long))))?.[0]?.data).toBe(long);
  });

  it('decodes Latin-1, UTF-16 with either byte order mark, UTF-16BE and UTF-8', () => {
    const frames = parseId3TextFrames(
      tag(
        4,
        0,
        bytes(
          frame(4, 'TXXX', [0, ...bytes('d', 0, 0xe9)]),
          frame(4, 'TXXX', [1, 0xff, 0xfe, 0x64, 0, 0, 0, 0xff, 0xfe, 0xe9, 0]),
          frame(4, 'TXXX', [1, 0xfe, 0xff, 0, 0x64, 0, 0, 0xfe, 0xff, 0, 0xe9]),
          frame(4, 'TXXX', [2, 0, 0x64, 0, 0, 0, 0xe9]),
          frame(4, 'TXXX', [3, ...bytes('d', 0, 0xc3, 0xa9)]),
        ),
      ),
    );
    expect(frames).toEqual(Array(5).fill({ key: 'TXXX', info: 'd', data: 'é' }));
  });

  it('skips padding, an extended header, non-text frames and compressed frames', () => {
    const extended = [...syncsafe(6), 1, 0];
    const body = bytes(
      extended,
      frame(4, 'PRIV', [1, 2, 3]),
      frame(4, 'TXXX', [3, ...bytes('brume', 0, 'zipped')], 0x08),
      txxx(4),
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    expect(parseId3TextFrames(tag(4, 0x40, body))).toEqual([
      { key: 'TXXX', info: 'brume', data: EVENT_JSON },
    ]);
  });

  it('undoes unsynchronisation: of the whole tag in v2.3, of a frame in v2.4', () => {
    // Latin-1 'ÿà' is 0xFF 0xE0, which unsynchronisation stores as 0xFF 0x00 0xE0.
    // v2.3: frame sizes count the bytes before unsynchronisation, the tag size those after.
    const v23 = frame(3, 'TXXX', [0, ...bytes('d', 0, 0xff, 0xe0)]);
    const stuffed = [...v23.slice(0, -1), 0x00, 0xe0];
    expect(parseId3TextFrames(tag(3, 0x80, bytes(stuffed)))?.[0]?.data).toBe('ÿà');
    // v2.4: the frame size counts the stored (unsynchronised) bytes.
    const v24 = (flags: number) => frame(4, 'TXXX', [0, ...bytes('d', 0, 0xff, 0x00, 0xe0)], flags);
    expect(parseId3TextFrames(tag(4, 0, bytes(v24(0x02))))?.[0]?.data).toBe('ÿà');
    // Without the flag the 0x00 stays a byte of the value.
    expect(parseId3TextFrames(tag(4, 0, bytes(v24(0))))?.[0]?.data).toBe('ÿ\0à');
  });

  it('skips a v2.4 group id and data length indicator before the frame body', () => {
    const body = [3, ...bytes('brume', 0, 'v')];
    const flagged = frame(4, 'TXXX', [9, ...syncsafe(body.length), ...body], 0x41);
    expect(parseId3TextFrames(tag(4, 0, bytes(flagged)))).toEqual([
      { key: 'TXXX', info: 'brume', data: 'v' },
    ]);
  });

  it('refuses what is not a whole ID3v2.3/2.4 tag', () => {
    const good = tag(4, 0, bytes(txxx(4)));
    expect(parseId3TextFrames(good.subarray(0, good.length - 1))).toBeUndefined();
    expect(parseId3TextFrames(bytes('ID3', 2, 0, 0, 0, 0, 0, 0))).toBeUndefined();
    expect(parseId3TextFrames(bytes('XYZ', 4, 0, 0, 0, 0, 0, 0))).toBeUndefined();
    const badSize = good.slice();
    badSize[6] = 0x80; // not syncsafe
    expect(parseId3TextFrames(badSize)).toBeUndefined();
    const badUtf8 = tag(4, 0, bytes(frame(4, 'TXXX', [3, ...bytes('brume', 0, 0xc3)])));
    expect(parseId3TextFrames(badUtf8)).toEqual([]);
  });
});

describe('metadataEventFromJson', () => {
  it('keeps the contract fields and drops unknown keys', () => {
    expect(
      metadataEventFromJson('{"track":"cc","time":2.5,"duration":1000,"data":"Hi","id":3,"x":1}'),
    ).toEqual({
      track: 'cc',
      time: 2.5,
      duration: 1000,
      data: 'Hi',
      id: 3,
    });
    expect(metadataEventFromJson('{"track":"t","time":0,"data":null}')).toEqual({
      track: 't',
      time: 0,
      data: null,
    });
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['no data', '{"track":"t","time":0}'],
    ['a bad track name', '{"track":"a b","time":0,"data":1}'],
    ['a negative time', '{"track":"t","time":-1,"data":1}'],
    ['a string time', '{"track":"t","time":"1","data":1}'],
    ['a negative duration', '{"track":"t","time":0,"duration":-5,"data":1}'],
    ['a fractional id', '{"track":"t","time":0,"data":1,"id":1.5}'],
  ])('refuses %s', (_, json) => {
    expect(metadataEventFromJson(json)).toBeUndefined();
  });
});

describe('metadataEventFromId3Frame (what hls.js puts in a cue value)', () => {
  it('reads a Brume TXXX frame and ignores any other', () => {
    const event = { track: 'chat', time: 1500, data: { a: 1 }, id: 7 };
    expect(metadataEventFromId3Frame({ key: 'TXXX', info: 'brume', data: EVENT_JSON })).toEqual(event);
    expect(metadataEventFromId3Frame({ key: 'TXXX', info: 'other', data: EVENT_JSON })).toBeUndefined();
    expect(metadataEventFromId3Frame({ key: 'PRIV', info: 'brume', data: EVENT_JSON })).toBeUndefined();
    expect(
      metadataEventFromId3Frame({ key: 'TXXX', info: 'brume', data: new ArrayBuffer(1) }),
    ).toBeUndefined();
  });
});

describe('parseEventMessage / metadataEventFromEmsg', () => {
  const id3 = tag(4, 0, bytes(frame(4, 'TIT2', [3, ...bytes('x')]), txxx(4)));

  function emsgV1(scheme: string, time: number[], duration: number, message: Uint8Array): Uint8Array {
    const body = bytes(
      1,
      0,
      0,
      0,
      u32(90000),
      time,
      u32(duration),
      u32(7),
      scheme,
      0,
      0,
      Array.from(message),
    );
    return bytes(u32(8 + body.length), 'emsg', Array.from(body));
  }

  it('reads a version 1 box: 64-bit time, unknown duration, the ID3 event inside', () => {
    const box = emsgV1(ID3_EMSG_SCHEME, [...u32(1), ...u32(5)], 0xffffffff, id3);
    expect(parseEventMessage(box)).toEqual({
      version: 1,
      schemeIdUri: ID3_EMSG_SCHEME,
      value: '',
      timescale: 90000,
      presentationTime: 2 ** 32 + 5,
      id: 7,
      messageData: id3,
    });
    expect(metadataEventFromEmsg(box)).toEqual({ track: 'chat', time: 1500, data: { a: 1 }, id: 7 });
    expect(metadataEventFromId3(id3)).toEqual(metadataEventFromEmsg(box));
  });

  it('reads a version 0 box (strings first, time as a delta)', () => {
    const body = bytes(0, 0, 0, 0, 'urn:x', 0, 'v', 0, u32(1000), u32(40), u32(500), u32(2), 0xab);
    const box = bytes(u32(8 + body.length), 'emsg', Array.from(body));
    expect(parseEventMessage(box)).toEqual({
      version: 0,
      schemeIdUri: 'urn:x',
      value: 'v',
      timescale: 1000,
      presentationTimeDelta: 40,
      eventDuration: 500,
      id: 2,
      messageData: Uint8Array.of(0xab),
    });
  });

  it('refuses other schemes, other boxes and cut boxes', () => {
    expect(metadataEventFromEmsg(emsgV1('urn:other', [...u32(0), ...u32(0)], 0, id3))).toBeUndefined();
    const box = emsgV1(ID3_EMSG_SCHEME, [...u32(0), ...u32(0)], 0, id3);
    expect(parseEventMessage(box.subarray(0, box.length - 1))).toBeUndefined();
    const other = box.slice();
    other[4] = 0x45; // 'Emsg'
    expect(parseEventMessage(other)).toBeUndefined();
    const noTerminator = bytes(u32(8 + 24 + 3), 'emsg', 1, 0, 0, 0, new Array(20).fill(0), 'abc');
    expect(parseEventMessage(noTerminator)).toBeUndefined();
  });
});
