import type { RTCPeerConnection, RTCRtpReceiver, RtpPacket } from 'werift';

/** The part of werift 0.24's (private) RTP router this workaround touches. */
interface WeriftRouter {
  ssrcTable: Record<number, unknown>;
  routeRtp(packet: RtpPacket): void;
  registerRtpReceiver(receiver: RTCRtpReceiver, ssrc: number): void;
}

/**
 * Lets werift receive a video stream whose SSRC the offer did not announce. werift 0.24 routes RTP
 * only by announced SSRC or by negotiated rid, never by MID or payload type; a browser that offered
 * simulcast announces no SSRC, and once the relay declined simulcast (see `declineSimulcast`) it
 * sends its first encoding without a rid, so werift would drop every video packet. Here the first
 * packet of an unknown SSRC carrying `payloadType` binds that SSRC to the video receiver and its
 * track, as MID-less servers do. RTX for it stays unrouted (no retransmissions for this stream).
 *
 * Returns false when werift's internals are not what this expects (another version): nothing is
 * changed then.
 */
export function routeUnsignalledVideo(pc: RTCPeerConnection, payloadType: number): boolean {
  const router = (pc as unknown as { router?: Partial<WeriftRouter> }).router;
  if (
    !router ||
    typeof router.routeRtp !== 'function' ||
    typeof router.registerRtpReceiver !== 'function' ||
    typeof router.ssrcTable !== 'object'
  ) {
    return false;
  }
  const { ssrcTable } = router as WeriftRouter;
  const route = router.routeRtp.bind(router);
  const register = router.registerRtpReceiver.bind(router);
  router.routeRtp = (packet: RtpPacket) => {
    const { ssrc, payloadType: pt } = packet.header;
    if (pt === payloadType && !ssrcTable[ssrc]) {
      const receiver = pc.getTransceivers().find((t) => t.kind === 'video')?.receiver;
      if (receiver) {
        register(receiver, ssrc);
        // The receiver hands a packet to the track it knows for the SSRC: the video track.
        const tracks = (receiver as unknown as { trackBySSRC?: Record<number, unknown> }).trackBySSRC;
        if (tracks) tracks[ssrc] ??= receiver.track;
      }
    }
    route(packet);
  };
  return true;
}
