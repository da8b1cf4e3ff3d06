import type { AdminSession, AdminStream, StreamState, ViewerProtocol } from '@brume/protocol';
import type { ConfigDocument } from '../config-file/config-document';

/** What the overview needs of a stream the relay knows. */
export interface KnownStream {
  name: string;
  state: StreamState;
  startUnixMs: number;
  endReason?: string | undefined;
}

export interface AdminStreamSources {
  document: ConfigDocument;
  streams: readonly KnownStream[];
  sessions: readonly AdminSession[];
  /** The entry whose settings apply to `name` (its own, or its base's), if any. */
  configuredAs(name: string): string | undefined;
  isRecording(name: string): boolean;
}

/**
 * `GET /api/admin/streams`: every configured entry and every stream the relay knows, sorted by
 * name, each with its state, its entry, its publisher session and its viewers by protocol.
 */
export function adminStreams(sources: AdminStreamSources): AdminStream[] {
  const configured = sources.document.streams ?? {};
  const known = new Map(sources.streams.map((stream) => [stream.name, stream]));
  const names = [...new Set([...Object.keys(configured), ...known.keys()])].sort();
  return names.map((name) => {
    const stream = known.get(name);
    const state: StreamState = stream?.state ?? 'offline';
    const entry = Object.hasOwn(configured, name) ? configured[name] : undefined;
    const configuredAs = sources.configuredAs(name);
    const publisher = sources.sessions.find(
      (session) => session.stream === name && session.role === 'publisher',
    );
    const viewers: AdminStream['viewers'] = { total: 0 };
    for (const session of sources.sessions) {
      if (session.stream !== name || session.role !== 'viewer') continue;
      const protocol = session.protocol as ViewerProtocol;
      viewers[protocol] = (viewers[protocol] ?? 0) + 1;
      viewers.total++;
    }
    return {
      name,
      state,
      ...(entry ? { entry: structuredClone(entry) } : {}),
      ...(configuredAs !== undefined ? { configuredAs } : {}),
      ...(stream && (state === 'live' || state === 'starting') ? { since: stream.startUnixMs } : {}),
      ...(state === 'ended' && stream?.endReason !== undefined ? { endReason: stream.endReason } : {}),
      ...(publisher ? { publisher } : {}),
      viewers,
      recording: sources.isRecording(name),
    };
  });
}
