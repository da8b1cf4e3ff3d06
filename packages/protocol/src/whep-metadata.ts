import type { MetadataEvent } from './metadata';
import { metadataEventFromValue } from './metadata-id3';

/** The label of the data channel a WHEP viewer opens (ordered) to receive the stream's metadata. */
export const WHEP_METADATA_CHANNEL = 'brume-metadata';

/**
 * A message of the WHEP metadata data channel (server → viewer, one JSON text message each):
 * - `meta`: metadata events on the stream timeline (a recent backlog first, then each new one);
 * - `clock`: a video RTP timestamp as this viewer receives it (u32, 90 kHz) and the stream time
 *   (ms) of that frame, about once a second, so the viewer maps its frames onto the timeline exactly.
 */
export type WhepMetadataMessage =
  { type: 'meta'; events: MetadataEvent[] } | { type: 'clock'; rtp: number; streamMs: number };

/** Parses one channel message; undefined for anything malformed (the channel ignores it). */
export function parseWhepMetadataMessage(text: string): WhepMetadataMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'clock') {
    const { rtp, streamMs } = message;
    if (!Number.isInteger(rtp) || (rtp as number) < 0 || (rtp as number) > 0xffffffff) return undefined;
    if (typeof streamMs !== 'number' || !Number.isFinite(streamMs)) return undefined;
    return { type: 'clock', rtp: rtp as number, streamMs };
  }
  if (message.type === 'meta' && Array.isArray(message.events)) {
    const events: MetadataEvent[] = [];
    for (const item of message.events) {
      const event = metadataEventFromValue(item);
      if (!event) return undefined;
      events.push(event);
    }
    return { type: 'meta', events };
  }
  return undefined;
}
