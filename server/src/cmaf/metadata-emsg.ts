import { METADATA_ID3_DESCRIPTION, type MetadataEvent } from '@brume/protocol';
import { eventMessage, ID3_SCHEME_ID_URI } from './emsg';
import { id3TextTag } from './id3';

/**
 * Compatible brand of files that carry ID3 in `emsg` (AOMedia id3-emsg §"Signaling": files SHOULD
 * list it in the file type box). Add it to the init segment's `ftyp` of the track whose fragments
 * carry the events, and to a `styp` at the head of such a segment.
 */
export const ID3_BRAND = 'aid3';

/** The largest `event_duration` we write: 0xFFFFFFFF itself means "unknown". */
const MAX_KNOWN_DURATION = 0xffffffff - 1;

/**
 * One metadata event as an `emsg` v1 (scheme `https://aomedia.org/emsg/ID3`) whose `message_data`
 * is an ID3v2.4 tag with one `TXXX` frame: description `brume`, value the JSON of
 * `{track, time, duration?, data, id}`. hls.js turns it into a cue of its `id3` TextTrack
 * (`value` = `{key: 'TXXX', info: 'brume', data: json}`), dash.js and Shaka hand over the ID3 bytes;
 * `metadataEventFromId3Frame` / `metadataEventFromId3` in `@brume/protocol` read either back.
 *
 * `timescale` is the timescale of the track whose fragment carries the box (90000 for video): the
 * segmenter writes `tfdt = stream ms × timescale / 1000`, so `presentation_time` on the same
 * formula lands the event on the frame of the same stream time. The AOMedia spec asks that it fall
 * inside the fragment that carries the box: put the box in front of the part whose time range holds
 * `event.time`. An event without `duration` gets 0xFFFFFFFF (unknown).
 */
export function metadataEmsg(event: MetadataEvent, timescale: number): Uint8Array {
  if (event.id === undefined) {
    throw new RangeError(
      `metadata event on track "${event.track}" has no id; the server assigns ids before packaging`,
    );
  }
  if (event.data === undefined) {
    throw new RangeError(`metadata event ${event.id} has no data; JSON cannot carry undefined`);
  }
  if (!Number.isFinite(event.time) || event.time < 0) {
    throw new RangeError(`metadata event time must be stream ms >= 0, got ${event.time}`);
  }
  const ticks = (ms: number) => Math.round((ms * timescale) / 1000);
  const eventDuration = event.duration === undefined ? undefined : ticks(event.duration);
  if (eventDuration !== undefined && !(eventDuration >= 0 && eventDuration <= MAX_KNOWN_DURATION)) {
    throw new RangeError(
      `metadata event duration ${event.duration} ms does not fit emsg's 32-bit duration at timescale ${timescale}`,
    );
  }
  const payload = {
    track: event.track,
    time: event.time,
    ...(event.duration === undefined ? {} : { duration: event.duration }),
    data: event.data,
    id: event.id,
  };
  return eventMessage({
    schemeIdUri: ID3_SCHEME_ID_URI,
    timescale,
    presentationTime: ticks(event.time),
    ...(eventDuration === undefined ? {} : { eventDuration }),
    id: event.id,
    messageData: id3TextTag(METADATA_ID3_DESCRIPTION, JSON.stringify(payload)),
  });
}
