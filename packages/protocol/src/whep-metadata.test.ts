import { describe, expect, it } from 'vitest';
import { parseWhepMetadataMessage } from './whep-metadata';

describe('parseWhepMetadataMessage', () => {
  it('reads clock messages across the whole u32 range', () => {
    expect(parseWhepMetadataMessage('{"type":"clock","rtp":4294967295,"streamMs":1234.5}')).toEqual({
      type: 'clock',
      rtp: 4294967295,
      streamMs: 1234.5,
    });
    expect(parseWhepMetadataMessage('{"type":"clock","rtp":0,"streamMs":0}')).toEqual({
      type: 'clock',
      rtp: 0,
      streamMs: 0,
    });
  });

  it('refuses clock values that are no RTP timestamp or no time', () => {
    for (const text of [
      '{"type":"clock","rtp":4294967296,"streamMs":1}',
      '{"type":"clock","rtp":-1,"streamMs":1}',
      '{"type":"clock","rtp":1.5,"streamMs":1}',
      '{"type":"clock","rtp":1,"streamMs":"1"}',
      '{"type":"clock","rtp":1}',
    ]) {
      expect(parseWhepMetadataMessage(text), text).toBeUndefined();
    }
  });

  it('reads meta messages, keeping only the event fields', () => {
    const text = JSON.stringify({
      type: 'meta',
      events: [
        { track: 'chat', time: 10, data: { a: 1 }, id: 3, extra: true },
        { track: 'subs', time: 20, duration: 500, data: 'hello' },
      ],
    });
    expect(parseWhepMetadataMessage(text)).toEqual({
      type: 'meta',
      events: [
        { track: 'chat', time: 10, data: { a: 1 }, id: 3 },
        { track: 'subs', time: 20, duration: 500, data: 'hello' },
      ],
    });
  });

  it('refuses a meta message with one bad event, and anything else', () => {
    expect(
      parseWhepMetadataMessage('{"type":"meta","events":[{"track":"ok","time":1,"data":1},{"time":2}]}'),
    ).toBeUndefined();
    for (const text of ['nope', 'null', '[]', '{"type":"meta"}', '{"type":"other","events":[]}']) {
      expect(parseWhepMetadataMessage(text), text).toBeUndefined();
    }
  });
});
