import { WHEP_METADATA_CHANNEL, parseWhepMetadataMessage, type MetadataEvent } from '@brume/protocol';

export interface MetadataChannelHandlers {
  onEvents(events: MetadataEvent[]): void;
  /** This viewer's video RTP timestamp `rtp` is at `streamMs` on the stream timeline. */
  onClock(rtp: number, streamMs: number): void;
}

/**
 * Adds the `brume-metadata` data channel to a WHEP peer connection (call before the offer, so it
 * gets an `m=application` section) and hands its messages to `handlers`. A relay that does not
 * take it answers without the section and the channel never opens: nothing else changes.
 * Malformed messages are ignored. Returns the teardown.
 */
export function openMetadataChannel(pc: RTCPeerConnection, handlers: MetadataChannelHandlers): () => void {
  const channel = pc.createDataChannel(WHEP_METADATA_CHANNEL, { ordered: true });
  const onMessage = (event: MessageEvent<unknown>): void => {
    if (typeof event.data !== 'string') return;
    const message = parseWhepMetadataMessage(event.data);
    if (message?.type === 'meta') handlers.onEvents(message.events);
    else if (message?.type === 'clock') handlers.onClock(message.rtp, message.streamMs);
  };
  channel.addEventListener('message', onMessage);
  return () => {
    channel.removeEventListener('message', onMessage);
    channel.close();
  };
}
