import { afterEach, describe, expect, it } from 'vitest';
import { streamClockReading } from '../metadata/stream-clock';
import { groupPictures, splitAnnexB } from '../media/testing/h264-rtp-packetizer';
import { memoryLogger } from '../testing/memory-logger';
import { H264, packetizeNals } from '../testing/test-media';
import { rtp } from '../testing/werift-client';
import { Emitter } from '../util/emitter';
import type { KeyframeRequester } from './keyframe-requester';
import { PublisherMedia } from './publisher-media';
import type { PublisherMediaEvents } from './publisher-session';
import type { RtpPublisher } from './rtp-publisher';

/** A video-only publisher whose RTP the test pushes by hand, picture by picture. */
function fakePublisher(): {
  publisher: RtpPublisher;
  sendPicture(index: number, rtpTimestamp: number): void;
} {
  const media = new Emitter<PublisherMediaEvents>();
  const publisher = {
    streamName: 'edge',
    codecs: { video: { name: 'H264' } },
    firstMediaAt: Date.now(),
    media,
    lastSenderReport: () => undefined,
  } as unknown as RtpPublisher;
  const pictures = groupPictures(splitAnnexB(H264));
  let sequenceNumber = 0;
  return {
    publisher,
    sendPicture(index, rtpTimestamp) {
      const packets = packetizeNals(pictures[index] ?? []);
      packets.forEach((payload, i) =>
        media.emit('rtp', 'video', rtp(payload, sequenceNumber++, rtpTimestamp, i === packets.length - 1)),
      );
    },
  };
}

const noKeyframes = { request: () => {} } as unknown as KeyframeRequester;

describe('PublisherMedia live edge', () => {
  let media: PublisherMedia | undefined;

  afterEach(() => {
    media?.dispose();
    media = undefined;
  });

  it('is the newest picture received, one frame interval past the newest packaged (held back)', () => {
    const { publisher, sendPicture } = fakePublisher();
    media = new PublisherMedia(publisher, noKeyframes, memoryLogger().log, 10_000);
    expect(media.liveEdgeMs).toBeUndefined();
    // 15 fps (6000 ticks), then the encoder drops frames: 450 ms to the next picture.
    [0, 6000, 12_000, 12_000 + 40_500].forEach((timestamp, index) => sendPicture(index, timestamp));
    const window = media.window!;
    // The last picture is held back by packaging until the next one arrives...
    expect(window.lastMs - window.firstMs).toBeCloseTo(12_000 / 90, 6);
    // ...but WHEP viewers already have it: the live edge is its stream time.
    expect(media.liveEdgeMs! - window.lastMs).toBeCloseTo(40_500 / 90, 6);
  });

  it('stamps metadata "now" at that picture, not behind a frame WHEP viewers may already show', () => {
    const { publisher, sendPicture } = fakePublisher();
    media = new PublisherMedia(publisher, noKeyframes, memoryLogger().log, 10_000);
    // The picture at 6000 is packaged; the one 300 ms later is held back, yet forwarded.
    [0, 6000, 6000 + 27_000].forEach((timestamp, index) => sendPicture(index, timestamp));
    const reading = streamClockReading(media, publisher.firstMediaAt, 10_000);
    const shown = media.window!.lastMs + 27_000 / 90;
    expect(reading.liveEdgeMs).toBeCloseTo(shown, 6);
    expect(reading.firstMs).toBe(media.window!.firstMs);
  });

  it('places a picture across the RTP timestamp wrap, and forgets it when the pipeline stops', () => {
    const { publisher, sendPicture } = fakePublisher();
    media = new PublisherMedia(publisher, noKeyframes, memoryLogger().log, 0);
    const reader = media.addReader({ onData: () => void reader.take(), onEnd: () => {} });
    const start = 2 ** 32 - 6000;
    [start, start + 6000, start + 12_000].forEach((timestamp, index) => sendPicture(index, timestamp >>> 0));
    expect(media.liveEdgeMs! - media.window!.lastMs).toBeCloseTo(6000 / 90, 6);
    reader.close();
    expect(media.running).toBe(false);
    expect(media.liveEdgeMs).toBeUndefined();
  });
});
