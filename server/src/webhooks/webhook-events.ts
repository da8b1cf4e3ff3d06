/**
 * What notification webhooks carry: `{event, time, ...payload}` as JSON, `time` the unix ms the
 * event happened. The README documents these for receivers; change both together.
 */
export interface WebhookPayloads {
  /** A publish went live (its first media arrived). */
  stream_start: {
    stream: string;
    /** Unix ms the publish was accepted: the origin of the stream's timeline. */
    startUnixMs: number;
    /** The publisher, when it came over WHIP. */
    publisher: { ip: string; userAgent: string; session: string } | null;
    tracks: { kind: string; codec: string }[];
  };
  /** A publish that was live ended. */
  stream_end: {
    stream: string;
    /** Why: `client-closed`, `timeout`, `kicked`, `shutdown`, `error`, `stream-ended` (see README). */
    reason: string;
    startUnixMs: number;
    durationMs: number;
    /** Bytes received from the publisher, when it came over WHIP. */
    bytesIn: number | null;
    publisher: { ip: string; userAgent: string; session: string } | null;
  };
  /** A recording file was closed and is complete on disk. */
  recording_done: {
    stream: string;
    /** `live-20261125T104500.123Z.mp4`. */
    file: string;
    /** Where it is served: absolute with `publicUrl`, else a path (`/recordings/live/live-....mp4`). */
    url: string;
    /** Unix ms of the file's first picture. */
    startUnixMs: number;
    durationMs: number;
    bytes: number;
  };
}

export type WebhookEvent = keyof WebhookPayloads;
