import {
  WHEP_METADATA_CHANNEL,
  parseWhepMetadataMessage,
  type MetadataEvent,
  type WhepMetadataMessage,
} from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import type { AccessUnit } from '../media/access-unit';
import { SLEW_RATE } from '../media/rtp-timeline';
import { RelayHarness } from '../testing/relay-harness';
import { createViewer, fullOffer, postOffer, waitFor } from '../testing/werift-client';
import { parseSdp, serializeSdp } from './sdp';

interface WatchedViewer {
  pc: RTCPeerConnection;
  messages: WhepMetadataMessage[];
  /** Video RTP timestamps as the viewer receives them. */
  videoTimestamps: Set<number>;
  videoPackets: () => number;
}

function watchViewer(withChannel: boolean): WatchedViewer {
  const pc = createViewer();
  const messages: WhepMetadataMessage[] = [];
  if (withChannel) {
    const channel = pc.createDataChannel(WHEP_METADATA_CHANNEL, { ordered: true });
    channel.onMessage.subscribe((data) => {
      const message = parseWhepMetadataMessage(data.toString());
      if (!message) throw new Error(`malformed channel message: ${data.toString()}`);
      messages.push(message);
    });
  }
  const videoTimestamps = new Set<number>();
  let packets = 0;
  pc.onTrack.subscribe((track) => {
    if (track.kind !== 'video') return;
    track.onReceiveRtp.subscribe((packet) => {
      packets++;
      videoTimestamps.add(packet.header.timestamp);
    });
  });
  return { pc, messages, videoTimestamps, videoPackets: () => packets };
}

const events = (viewer: WatchedViewer): MetadataEvent[] =>
  viewer.messages.flatMap((m) => (m.type === 'meta' ? m.events : []));
const clocks = (viewer: WatchedViewer) => viewer.messages.flatMap((m) => (m.type === 'clock' ? [m] : []));

describe('metadata over WHEP (data channel)', () => {
  let relay: RelayHarness;

  beforeEach(async () => {
    relay = await RelayHarness.start();
  });

  afterEach(async () => {
    await relay.close();
  });

  it('sends the backlog, each new event, and clock messages that pair received RTP timestamps with stream time', async () => {
    const { base, server } = relay;
    await relay.publish('dc');
    await expect
      .poll(() => server.relay.media('dc')?.window?.lastMs ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(300);
    // An event from before the viewer joined: part of the backlog.
    const early = await fetch(`${base}/api/streams/dc/tracks/chat`, {
      method: 'POST',
      body: '{"data":"early"}',
    });
    expect(early.status).toBe(202);

    // The packaging pipeline's own mapping, read independently of the viewer's channel.
    const packaged = new Map<number, number>();
    const media = server.relay.media('dc')!;
    const reader = media.addReader({
      onData: () => {
        for (const unit of reader.take() as AccessUnit[]) {
          if (unit.kind === 'video' && unit.rtpTimestamp !== undefined)
            packaged.set(unit.rtpTimestamp, unit.streamMs);
        }
      },
      onEnd: () => {},
    });
    relay.onClose(() => reader.close());

    const viewer = watchViewer(true);
    relay.onClose(() => void viewer.pc.close());
    const whep = await postOffer(`${base}/whep/dc`, await fullOffer(viewer.pc));
    expect(whep.status).toBe(201);
    expect(whep.body).toContain('m=application');
    await viewer.pc.setRemoteDescription({ type: 'answer', sdp: whep.body });

    await waitFor(() => events(viewer).some((e) => e.data === 'early'), 15_000, 'the backlog event');
    const live = await fetch(`${base}/api/streams/dc/tracks/chat`, {
      method: 'POST',
      body: '{"data":"live"}',
    });
    expect(live.status).toBe(202);
    await waitFor(() => events(viewer).some((e) => e.data === 'live'), 10_000, 'the live event');
    expect(events(viewer).map((e) => [e.track, e.data])).toEqual([
      ['chat', 'early'],
      ['chat', 'live'],
    ]);
    expect(events(viewer)[1]!.time).toBeGreaterThanOrEqual(events(viewer)[0]!.time);

    await waitFor(() => clocks(viewer).length >= 2, 10_000, 'two clock messages');
    const [first, second] = clocks(viewer);
    // A clock names a video timestamp the viewer really received (the first may name a frame of
    // the GOP buffered before the viewer joined: same clock, same mapping)...
    await waitFor(() => viewer.videoTimestamps.has(second!.rtp), 10_000, 'the clock frame at the viewer');
    // ...with the stream time the packaging pipeline gave that frame (the first publisher's
    // timestamps reach the viewer unchanged: werift's sender offset starts at 0).
    expect(packaged.get(second!.rtp)).toBe(second!.streamMs);
    // About a second apart, on a 90 kHz clock that the stream timeline follows — up to the
    // timeline's slewing (`SLEW_RATE` of the elapsed time) while it corrects a drift.
    const rtpMs = (((second!.rtp - first!.rtp) >>> 0) / 90000) * 1000;
    expect(rtpMs).toBeGreaterThan(500);
    expect(Math.abs(second!.streamMs - first!.streamMs - rtpMs)).toBeLessThanOrEqual(rtpMs * SLEW_RATE + 1);
  });

  it('a viewer without the data channel gets media only', async () => {
    const { base } = relay;
    await relay.publish('plain');
    const viewer = watchViewer(false);
    relay.onClose(() => void viewer.pc.close());
    const whep = await postOffer(`${base}/whep/plain`, await fullOffer(viewer.pc));
    expect(whep.status).toBe(201);
    expect(whep.body).not.toContain('m=application');
    await viewer.pc.setRemoteDescription({ type: 'answer', sdp: whep.body });
    await waitFor(() => viewer.videoPackets() > 20, 15_000, 'video at the viewer');
    await fetch(`${base}/api/streams/plain/tracks/chat`, { method: 'POST', body: '{"data":1}' });
    expect(viewer.messages).toEqual([]);
  });

  it('refuses an offer whose data channel section is malformed with 400 sdp/malformed', async () => {
    const { base } = relay;
    await relay.publish('bad');
    const viewer = watchViewer(true);
    relay.onClose(() => void viewer.pc.close());
    const model = parseSdp(await fullOffer(viewer.pc));
    model.media = model.media.map((section) =>
      section.kind === 'application'
        ? { ...section, lines: section.lines.filter((line) => !line.startsWith('a=mid:')) }
        : section,
    );
    const response = await fetch(`${base}/whep/bad`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: serializeSdp(model),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'sdp/malformed',
      message: expect.stringContaining('application'),
    });
  });
});
