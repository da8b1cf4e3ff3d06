import { describe, expect, it } from 'vitest';
import { mp4MimeType, parseWsMediaClientMessage, parseWsMediaServerMessage } from './ws-media';

describe('ws-media messages', () => {
  it('builds the MSE type from codec strings', () => {
    expect(mp4MimeType(['avc1.42e01f', 'opus'])).toBe('video/mp4; codecs="avc1.42e01f, opus"');
    expect(mp4MimeType(['avc1.640028'])).toBe('video/mp4; codecs="avc1.640028"');
  });

  it('parses the client messages', () => {
    expect(parseWsMediaClientMessage('{"type":"hold"}')).toEqual({ type: 'hold' });
    expect(parseWsMediaClientMessage('{"type":"play"}')).toEqual({ type: 'play' });
    expect(parseWsMediaClientMessage('{"type":"seek","to":"live"}')).toEqual({ type: 'seek', to: 'live' });
    expect(parseWsMediaClientMessage('{"type":"seek","to":1000}')).toEqual({ type: 'seek', to: 1000 });
    expect(parseWsMediaClientMessage('{"type":"tracks","video":false,"audio":true}')).toEqual({
      type: 'tracks',
      video: false,
      audio: true,
    });
  });

  it('rejects anything else', () => {
    for (const bad of [
      '',
      'hold',
      'null',
      '[]',
      '42',
      '{"type":"stop"}',
      '{"type":"seek"}',
      '{"type":"seek","to":-1}',
      '{"type":"tracks","video":false,"audio":false}',
      '{"type":"tracks","video":true}',
      '{"type":"seek","to":"1000"}',
      '{"type":"hold","extra":1}',
      '{"type":"time","streamMs":0,"liveEdgeMs":0,"bufferStartMs":0}',
    ]) {
      expect(parseWsMediaClientMessage(bad), bad).toBeUndefined();
    }
  });

  it('parses and checks the server messages', () => {
    const init = { type: 'init', codecs: 'video/mp4; codecs="avc1.42e01f"', tracks: [] };
    expect(parseWsMediaServerMessage(JSON.stringify(init))).toEqual(init);
    const time = { type: 'time', streamMs: 1200, liveEdgeMs: 1300, bufferStartMs: 1000 };
    expect(parseWsMediaServerMessage(JSON.stringify(time))).toEqual(time);
    expect(parseWsMediaServerMessage('{"type":"end","reason":"ended"}')).toEqual({
      type: 'end',
      reason: 'ended',
    });
    expect(parseWsMediaServerMessage('{"type":"error","code":"x/y","message":"m"}')).toMatchObject({
      code: 'x/y',
    });
    const meta = {
      type: 'meta',
      events: [
        { track: 'score', time: 1200, data: { home: 1 }, id: 3 },
        { track: 'captions', time: 1300, duration: 2000, data: 'Hello', id: 4 },
      ],
    };
    expect(parseWsMediaServerMessage(JSON.stringify(meta))).toEqual(meta);
    // Unknown keys of an event are dropped, as metadataEventFromJson does.
    expect(
      parseWsMediaServerMessage('{"type":"meta","events":[{"track":"t","time":5,"data":null,"x":1}]}'),
    ).toEqual({ type: 'meta', events: [{ track: 't', time: 5, data: null }] });
    expect(parseWsMediaServerMessage('{"type":"meta","events":[]}')).toEqual({ type: 'meta', events: [] });
    for (const bad of [
      '{"type":"meta"}',
      '{"type":"meta","events":{}}',
      '{"type":"meta","events":[{"track":"t","time":5}]}',
      '{"type":"meta","events":[{"track":"t","time":5,"data":1},{"track":"bad name","time":5,"data":1}]}',
      '{"type":"meta","events":[{"track":"t","time":-1,"data":1}]}',
      '{"type":"time","streamMs":"1"}',
      '{"type":"init"}',
      '{"type":"end"}',
      '{"type":"hold"}',
    ]) {
      expect(parseWsMediaServerMessage(bad), bad).toBeUndefined();
    }
  });
});
