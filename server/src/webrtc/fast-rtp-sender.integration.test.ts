import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GenericNack,
  RtcpTransportLayerFeedback,
  useH264,
  type RTCPeerConnection,
  type RTCRtpSender,
  type RtpPacket,
} from 'werift';
import { RelayHarness } from '../testing/relay-harness';
import { createViewer, fullOffer, postOffer, waitFor } from '../testing/werift-client';
import type { ViewerSession } from './viewer-session';

/** A viewer without RTX, recording every video packet its track gets (a retransmission twice). */
async function watch(harness: RelayHarness, name: string) {
  const viewer = createViewer([useH264()]);
  harness.onClose(() => void viewer.close());
  const copies = new Map<number, RtpPacket[]>();
  const order: number[] = [];
  viewer.onTrack.subscribe((track) => {
    if (track.kind !== 'video') return;
    track.onReceiveRtp.subscribe((packet) => {
      const seen = copies.get(packet.header.sequenceNumber) ?? [];
      if (seen.length === 0) order.push(packet.header.sequenceNumber);
      seen.push(packet);
      copies.set(packet.header.sequenceNumber, seen);
    });
  });
  const whep = await postOffer(`${harness.base}/whep/${name}`, await fullOffer(viewer));
  expect(whep.status).toBe(201);
  await viewer.setRemoteDescription({ type: 'answer', sdp: whep.body });
  const id = whep.location?.split('/')[3] ?? '';
  const session = harness.server.relay.find('viewer', name, id) as ViewerSession;
  return { viewer, copies, order, session };
}

function videoSender(session: ViewerSession): RTCRtpSender {
  const pc = (session as unknown as { pc: RTCPeerConnection }).pc;
  const sender = pc.getTransceivers().find((t) => t.kind === 'video')?.sender;
  if (!sender) throw new Error('no video sender');
  return sender;
}

describe('FastRtpSender (WHEP viewers over loopback, werift on both sides)', () => {
  let harness: RelayHarness;

  beforeEach(async () => {
    harness = await RelayHarness.start();
  });

  afterEach(async () => {
    await harness.close();
  });

  it("sends the publisher's payloads in order on the viewer's SSRC and keeps werift's sender counters", async () => {
    await harness.publish('fast');
    const { copies, order, session } = await watch(harness, 'fast');
    await waitFor(() => order.length > 60, 5000, 'video at the viewer');

    expect(session.fastSend).toBe(true);
    const sender = videoSender(session) as unknown as {
      ssrc: number;
      packetCount: number;
      octetCount: number;
      ntpTimestamp: bigint;
      sequenceNumber: number;
    };
    const first = copies.get(order[0] ?? 0)?.[0];
    expect(first?.header.ssrc).toBe(sender.ssrc);
    // Consecutive sequence numbers (mod 2^16) on loopback: nothing skipped, nothing reordered.
    const steps = order.slice(1).map((seq, i) => (seq - (order[i] ?? 0) + 0x10000) & 0xffff);
    expect(steps.filter((step) => step !== 1).length).toBeLessThanOrEqual(1);
    // What the sender reports in its RTCP sender reports follows the packets it sent.
    expect(sender.packetCount).toBeGreaterThanOrEqual(order.length);
    expect(sender.octetCount).toBeGreaterThan(0);
    // An NTP timestamp of this era (seconds since 1900 in the high 32 bits).
    expect(Number(sender.ntpTimestamp >> 32n)).toBeGreaterThan(3_900_000_000);
  }, 15_000);

  it("answers a viewer's Generic NACK (no RTX) with the same packet from werift's history", async () => {
    await harness.publish('nack');
    const { viewer, copies, order, session } = await watch(harness, 'nack');
    await waitFor(() => order.length > 30, 5000, 'video at the viewer');
    expect(session.fastSend).toBe(true);

    const targets = order.slice(-6, -3);
    const receiver = viewer.getTransceivers().find((t) => t.kind === 'video')?.receiver;
    const original = copies.get(targets[0] ?? 0)?.[0];
    if (!receiver || !original) throw new Error('nothing to NACK');
    await receiver.dtlsTransport.sendRtcp([
      new RtcpTransportLayerFeedback({
        feedback: new GenericNack({
          senderSsrc: receiver.rtcpSsrc,
          mediaSourceSsrc: original.header.ssrc,
          lost: targets,
        }),
      }),
    ]);
    await waitFor(
      () => targets.every((seq) => (copies.get(seq)?.length ?? 0) >= 2),
      3000,
      'retransmissions of the NACKed packets',
    );
    for (const seq of targets) {
      const [sent, again] = copies.get(seq) ?? [];
      expect(again?.header.ssrc).toBe(sent?.header.ssrc);
      expect(again?.header.timestamp).toBe(sent?.header.timestamp);
      expect(again?.header.marker).toBe(sent?.header.marker);
      expect(again?.payload.equals(sent?.payload ?? Buffer.alloc(0))).toBe(true);
    }
    const sender = videoSender(session) as unknown as { retransmittedPacketsSent: number };
    expect(sender.retransmittedPacketsSent).toBeGreaterThanOrEqual(targets.length);
  }, 15_000);
});
