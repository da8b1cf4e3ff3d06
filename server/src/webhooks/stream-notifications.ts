import type { TriggerSettings } from '../config-file/stream-settings';
import { sessionEndReason } from '../observability/output-sessions';
import type { SessionInfo, SessionRegistry } from '../observability/session-registry';
import type { RecordingManager } from '../recording/recording-manager';
import type { EndReason, Stream } from '../stream/stream';
import type { StreamRegistry } from '../stream/stream-registry';
import type { WebhookPayloads } from './webhook-events';
import type { WebhookNotifier } from './webhook-notifier';

export interface StreamNotificationSources {
  streams: Pick<StreamRegistry, 'events'>;
  sessions: Pick<SessionRegistry, 'events' | 'list'>;
  recordings: Pick<RecordingManager, 'events'>;
  /** The running config's triggers, read at each event (a reloaded file applies at once). */
  triggers(): TriggerSettings;
  /** `publicUrl`, for absolute recording URLs. */
  publicUrl(): string | undefined;
  now?: () => number;
}

/** A publish that went live and has not been reported ended yet. */
interface LivePublish {
  publisherId: string | undefined;
  startUnixMs: number;
  publisher: WebhookPayloads['stream_start']['publisher'];
}

/**
 * Turns the relay's events into notifications: `stream_start` when a publish goes live (first
 * media), `stream_end` once for each such publish, `recording_done` for each closed recording file.
 * A WHIP publish ends with its session, whose end reason, duration and byte count come from the
 * session registry (`client-closed`, `timeout`, `kicked`, ...); a publish of another source, or
 * one whose session did not report in the same turn, ends with the stream's own reason. Returns
 * the function that stops listening.
 */
export function notifyStreamEvents(
  notifier: WebhookNotifier,
  sources: StreamNotificationSources,
): () => void {
  const now = sources.now ?? Date.now;
  const live = new Map<string, LivePublish>();
  const pendingEnds = new Set<NodeJS.Immediate>();

  const ended = (stream: string, publish: LivePublish, reason: string, bytesIn: number | null) => {
    live.delete(stream);
    notifier.notify(sources.triggers().stream_end, 'stream_end', {
      stream,
      reason,
      startUnixMs: publish.startUnixMs,
      durationMs: Math.max(0, now() - publish.startUnixMs),
      bytesIn,
      publisher: publish.publisher,
    });
  };

  const onState = (stream: Stream, _previous: unknown, reason?: EndReason) => {
    const name = stream.name;
    if (stream.state === 'live') {
      const session = sources.sessions
        .list()
        .find((info) => info.protocol === 'whip' && info.id === stream.publisherId);
      const publish: LivePublish = {
        publisherId: stream.publisherId,
        startUnixMs: stream.startUnixMs,
        publisher: session ? publisherOf(session) : null,
      };
      live.set(name, publish);
      notifier.notify(sources.triggers().stream_start, 'stream_start', {
        stream: name,
        startUnixMs: publish.startUnixMs,
        publisher: publish.publisher,
        tracks: stream.tracks.map((track) => ({ kind: track.kind, codec: track.codec })),
      });
      return;
    }
    const publish = live.get(name);
    if (!publish || publish.publisherId === stream.publisherId) return;
    // The publish is over. Its WHIP session reports its end right after the stream's, in this
    // same turn: give it the turn, so the notification carries the session's reason and bytes.
    const immediate = setImmediate(() => {
      pendingEnds.delete(immediate);
      if (live.get(name) === publish) ended(name, publish, sessionEndReason(reason ?? 'stream-ended'), null);
    });
    pendingEnds.add(immediate);
  };

  const onSessionEnded = (session: SessionInfo & { reason: string }) => {
    if (session.protocol !== 'whip') return;
    const publish = live.get(session.stream);
    if (publish && publish.publisherId === session.id)
      ended(session.stream, publish, session.reason, session.bytes);
  };

  const offState = sources.streams.events.on('state', onState);
  const offSessions = sources.sessions.events.on('ended', onSessionEnded);
  const offFiles = sources.recordings.events.on('file', (stream, file) => {
    notifier.notify(sources.triggers().recording_done, 'recording_done', {
      stream,
      file: file.name.file,
      url: `${sources.publicUrl()?.replace(/\/+$/, '') ?? ''}/recordings/${file.name.path}`,
      startUnixMs: file.name.startUnixMs,
      durationMs: Math.max(0, Math.round(file.lastMs - file.firstMs)),
      bytes: file.bytes,
    });
  });

  return () => {
    offState();
    offSessions();
    offFiles();
    for (const immediate of pendingEnds) clearImmediate(immediate);
    pendingEnds.clear();
    live.clear();
  };
}

function publisherOf(session: SessionInfo): NonNullable<LivePublish['publisher']> {
  return { ip: session.ip, userAgent: session.userAgent, session: session.id };
}
