import { describe, expect, it } from 'vitest';
import { eventMessage, ID3_SCHEME_ID_URI } from './emsg';
import { fromHex, hex } from './testing/box-reader';

const ascii = (text: string) => Buffer.from(text, 'ascii').toString('hex');

describe('eventMessage', () => {
  it('writes emsg version 1 byte for byte (golden, computed by hand)', () => {
    const bytes = eventMessage({
      schemeIdUri: ID3_SCHEME_ID_URI,
      timescale: 90000,
      presentationTime: 2 ** 32 + 5,
      id: 7,
      messageData: Uint8Array.of(1, 2, 3),
    });
    // 12 (header + version/flags) + timescale 4 + time 8 + duration 4 + id 4 + 29 + 1 + 3 = 65.
    const expected =
      '00000041 656d7367 01000000' +
      ' 00015f90' + // timescale 90000
      ' 00000001 00000005' + // presentation_time, 64 bits
      ' ffffffff' + // event_duration unknown
      ' 00000007' + // id
      ` ${ascii(ID3_SCHEME_ID_URI)}00` + // scheme_id_uri, NUL-terminated
      ' 00' + // value: empty string
      ' 010203'; // message_data
    expect(hex(bytes)).toBe(hex(fromHex(expected)));
  });

  it('writes a known duration and a value', () => {
    const bytes = eventMessage({
      schemeIdUri: 'urn:x',
      value: 'v',
      timescale: 1000,
      presentationTime: 0,
      eventDuration: 500,
      id: 1,
      messageData: new Uint8Array(),
    });
    expect(hex(bytes)).toBe(
      hex(
        fromHex(
          `00000028 656d7367 01000000 000003e8 00000000 00000000 000001f4 00000001 ${ascii('urn:x')}00 7600`,
        ),
      ),
    );
  });
});
