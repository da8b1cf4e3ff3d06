import { BoxWriter } from './box-writer';

/** Scheme of ID3-in-`emsg` (AOMedia "Carriage of ID3 Timed Metadata in CMAF"): `message_data` is an ID3v2 tag. */
export const ID3_SCHEME_ID_URI = 'https://aomedia.org/emsg/ID3';

/** `event_duration` meaning "unknown" (the event lasts until further notice). */
export const UNKNOWN_EVENT_DURATION = 0xffffffff;

export interface EventMessage {
  schemeIdUri: string;
  /** Sub-scheme value; '' when the scheme needs none (ID3). */
  value?: string;
  /** Ticks per second of `presentationTime` and `eventDuration`; usually the track timescale. */
  timescale: number;
  /** Absolute, on the track's media timeline (the same clock as `tfdt`), not relative to the fragment. */
  presentationTime: number;
  /** In `timescale` ticks; omitted means unknown (0xFFFFFFFF). */
  eventDuration?: number;
  /** Identifies the event within the scheme: a repeat with the same id is the same event. */
  id: number;
  messageData: Uint8Array;
}

/**
 * `emsg` version 1 (ISO/IEC 23009-1 §5.10.3.3): absolute 64-bit presentation time, so the box does
 * not depend on where in a segment it sits. Version 0's delta form is not written.
 */
export function eventMessage(event: EventMessage): Uint8Array {
  const writer = new BoxWriter(64 + event.schemeIdUri.length + event.messageData.length);
  writer.fullBox('emsg', 1, 0, (b) => {
    b.u32(event.timescale);
    b.u64(event.presentationTime);
    b.u32(event.eventDuration ?? UNKNOWN_EVENT_DURATION);
    b.u32(event.id);
    b.cstring(event.schemeIdUri);
    b.cstring(event.value ?? '');
    b.bytes(event.messageData);
  });
  return writer.toBytes();
}
