import { parseWhepMetadataMessage, type WhepMetadataMessage } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RTCDataChannel } from 'werift';
import { MetadataStore, type StoredMetadataEvent } from '../metadata/metadata-store';
import { silentLogger } from '../util/logger';
import {
  CLOCK_INTERVAL_MS,
  METADATA_BACKLOG_MS,
  ViewerMetadataChannel,
  metaMessages,
} from './viewer-metadata-channel';

/** A data channel that is open and records what is sent. */
function openChannel(): { channel: RTCDataChannel; sent: WhepMetadataMessage[] } {
  const sent: WhepMetadataMessage[] = [];
  const channel = {
    readyState: 'open',
    send: (text: string) => {
      const message = parseWhepMetadataMessage(text);
      if (!message) throw new Error(`malformed: ${text}`);
      sent.push(message);
    },
    stateChanged: { subscribe: () => ({ unSubscribe: () => {} }) },
  };
  return { channel: channel as unknown as RTCDataChannel, sent };
}

describe('metaMessages', () => {
  const event = (id: number, data: string): StoredMetadataEvent => ({ track: 't', time: id, data, id });

  it('groups events under the size bound and sends a larger one alone', () => {
    const events = [
      event(1, 'a'.repeat(40)),
      event(2, 'b'.repeat(40)),
      event(3, 'c'.repeat(300)),
      event(4, 'd'),
    ];
    const messages = metaMessages(events, 200).map((text) => parseWhepMetadataMessage(text));
    expect(messages.map((m) => (m?.type === 'meta' ? m.events.map((e) => e.id) : []))).toEqual([
      [1, 2],
      [3],
      [4],
    ]);
  });

  it('sends nothing for no events', () => {
    expect(metaMessages([])).toEqual([]);
  });
});

describe('ViewerMetadataChannel', () => {
  let liveEdgeMs = 20_000;
  let store: MetadataStore;

  beforeEach(() => {
    vi.useFakeTimers();
    liveEdgeMs = 20_000;
    store = new MetadataStore({ stream: 's', clock: () => ({ liveEdgeMs, firstMs: 0 }) });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const add = (time: number, data: unknown, duration?: number) =>
    store.accept('chat', [
      { time, data, ...(duration === undefined ? {} : { duration }), position: { line: 1 } },
    ]);

  it('sends the recent backlog (events still on screen included), then each new event', () => {
    add(1_000, 'old');
    add(10_000, 'long', 20_000);
    add(liveEdgeMs - METADATA_BACKLOG_MS + 1, 'recent');
    add(liveEdgeMs + 2_000, 'scheduled');
    const { channel, sent } = openChannel();
    const session = new ViewerMetadataChannel(channel, store, () => undefined, silentLogger);
    add(liveEdgeMs, 'new');
    const data = sent.flatMap((m) => (m.type === 'meta' ? m.events.map((e) => e.data) : []));
    expect(data).toEqual(['long', 'recent', 'scheduled', 'new']);
    session.dispose();
    add(liveEdgeMs, 'after');
    expect(sent.flatMap((m) => (m.type === 'meta' ? m.events : []))).toHaveLength(4);
  });

  it('sends a clock as soon as one is known, then about once a second, and nothing once disposed', () => {
    let reading: { rtp: number; streamMs: number } | undefined;
    const { channel, sent } = openChannel();
    const session = new ViewerMetadataChannel(channel, store, () => reading, silentLogger);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([]);
    reading = { rtp: 4294967000, streamMs: 1234 };
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([{ type: 'clock', rtp: 4294967000, streamMs: 1234 }]);
    reading = { rtp: 500, streamMs: 1237.3 };
    vi.advanceTimersByTime(CLOCK_INTERVAL_MS - 200);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(sent.at(-1)).toEqual({ type: 'clock', rtp: 500, streamMs: 1237.3 });
    session.dispose();
    vi.advanceTimersByTime(5 * CLOCK_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
