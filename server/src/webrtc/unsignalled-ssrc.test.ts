import type { RTCPeerConnection, RtpPacket } from 'werift';
import { describe, expect, it } from 'vitest';
import { routeUnsignalledVideo } from './unsignalled-ssrc';

/** werift's router surface, recording what reaches it. */
function fakePeer() {
  const receiver = { track: { kind: 'video' }, trackBySSRC: {} as Record<number, unknown> };
  const routed: number[] = [];
  const router = {
    ssrcTable: {} as Record<number, unknown>,
    routeRtp(packet: RtpPacket) {
      if (router.ssrcTable[packet.header.ssrc]) routed.push(packet.header.ssrc);
    },
    registerRtpReceiver(r: unknown, ssrc: number) {
      router.ssrcTable[ssrc] = r;
    },
  };
  const pc = { router, getTransceivers: () => [{ kind: 'video', receiver }] } as unknown as RTCPeerConnection;
  return { pc, router, receiver, routed };
}

const packet = (ssrc: number, payloadType: number) => ({ header: { ssrc, payloadType } }) as RtpPacket;

describe('routeUnsignalledVideo', () => {
  it('binds an unknown SSRC with the video payload type to the video receiver and its track', () => {
    const { pc, router, receiver, routed } = fakePeer();
    expect(routeUnsignalledVideo(pc, 108)).toBe(true);
    router.routeRtp(packet(1111, 109)); // RTX or anything else: left alone
    router.routeRtp(packet(2222, 108));
    router.routeRtp(packet(2222, 108));
    expect(routed).toEqual([2222, 2222]);
    expect(router.ssrcTable[1111]).toBeUndefined();
    expect(receiver.trackBySSRC[2222]).toBe(receiver.track);
  });

  it('changes nothing on a werift without that router', () => {
    expect(routeUnsignalledVideo({ getTransceivers: () => [] } as unknown as RTCPeerConnection, 108)).toBe(
      false,
    );
  });
});
