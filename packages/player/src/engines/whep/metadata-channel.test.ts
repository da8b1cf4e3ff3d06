import type { MetadataEvent } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { openMetadataChannel } from './metadata-channel';

class FakeChannel extends EventTarget {
  closed = false;
  close(): void {
    this.closed = true;
  }
  receive(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

function fakePeer(): {
  pc: RTCPeerConnection;
  channels: { label: string; init: unknown; channel: FakeChannel }[];
} {
  const channels: { label: string; init: unknown; channel: FakeChannel }[] = [];
  const pc = {
    createDataChannel(label: string, init: unknown) {
      const channel = new FakeChannel();
      channels.push({ label, init, channel });
      return channel;
    },
  };
  return { pc: pc as unknown as RTCPeerConnection, channels };
}

describe('openMetadataChannel', () => {
  it('opens one ordered brume-metadata channel and hands on meta and clock messages', () => {
    const { pc, channels } = fakePeer();
    const events: MetadataEvent[][] = [];
    const clocks: [number, number][] = [];
    const close = openMetadataChannel(pc, {
      onEvents: (batch) => events.push(batch),
      onClock: (rtp, streamMs) => clocks.push([rtp, streamMs]),
    });
    expect(channels.map(({ label, init }) => [label, init])).toEqual([['brume-metadata', { ordered: true }]]);
    const { channel } = channels[0]!;
    channel.receive('{"type":"meta","events":[{"track":"chat","time":5,"data":"hi","id":1}]}');
    channel.receive('{"type":"clock","rtp":4294967295,"streamMs":12.5}');
    // Ignored: malformed, unknown, binary.
    channel.receive('{"type":"clock","rtp":-1,"streamMs":1}');
    channel.receive('{"type":"later"}');
    channel.receive(new ArrayBuffer(4));
    expect(events).toEqual([[{ track: 'chat', time: 5, data: 'hi', id: 1 }]]);
    expect(clocks).toEqual([[4294967295, 12.5]]);

    close();
    expect(channel.closed).toBe(true);
    channel.receive('{"type":"clock","rtp":1,"streamMs":1}');
    expect(clocks).toHaveLength(1);
  });
});
