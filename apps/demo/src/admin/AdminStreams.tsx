import type { AdminSession, AdminStream } from '@brume/protocol';
import { formatBytes, formatDuration, REQUEST_BASED_NOTE } from './admin-format';
import type { AdminStore } from './admin-store';

interface Props {
  streams: readonly AdminStream[];
  sessions: readonly AdminSession[];
  pending: readonly string[];
  store: AdminStore;
}

function SessionDetails({ session, now }: { session: AdminSession; now: number }) {
  return (
    <>
      <td className="admin-ip">{session.ip || '—'}</td>
      <td className="admin-ua" title={session.userAgent}>
        {session.userAgent || '—'}
      </td>
      <td className="num">{formatDuration(now - session.startedAt)}</td>
      <td className="num">{formatBytes(session.bytes)}</td>
    </>
  );
}

/**
 * Per stream the relay knows: its state, its publisher (Kick), a recording toggle and every viewer
 * with protocol, address, user agent, time and bytes (Kick where the server can end it).
 */
export function AdminStreams({ streams, sessions, pending, store }: Props) {
  const now = Date.now();
  const shown = streams.filter((stream) => stream.state !== 'offline' || stream.recording);
  if (shown.length === 0) return <p className="empty">No stream has published since the server started.</p>;
  return (
    <div className="admin-streams">
      {shown.map((stream) => {
        const viewers = sessions.filter(
          (session) => session.stream === stream.name && session.role === 'viewer',
        );
        const publisher = stream.publisher;
        const canRecord = stream.recording || stream.state === 'live';
        return (
          <article
            key={stream.name}
            className="admin-stream"
            data-testid="admin-stream"
            data-stream={stream.name}
          >
            <header className="admin-stream__header">
              <strong>{stream.name}</strong>
              <span className={`state state--${stream.state}`} data-testid="admin-stream-state">
                {stream.state}
                {stream.state === 'ended' && stream.endReason ? ` (${stream.endReason})` : ''}
              </span>
              {canRecord ? (
                <button
                  type="button"
                  className={`button button--small${stream.recording ? ' button--danger' : ' button--quiet'}`}
                  data-testid="recording-toggle"
                  aria-pressed={stream.recording}
                  disabled={pending.includes(`record:${stream.name}`)}
                  onClick={() => void store.setRecording(stream.name, !stream.recording)}
                >
                  {stream.recording ? '● Stop recording' : 'Record'}
                </button>
              ) : null}
            </header>
            <table className="admin-sessions">
              <tbody>
                {publisher ? (
                  <tr data-testid="admin-publisher" data-session={publisher.id}>
                    <th scope="row">publisher · {publisher.protocol}</th>
                    <SessionDetails session={publisher} now={now} />
                    <td>
                      <button
                        type="button"
                        className="button button--small button--danger"
                        data-testid="kick-publisher"
                        disabled={pending.includes(`kick:${stream.name}`)}
                        onClick={() => void store.kickPublisher(stream.name)}
                      >
                        Kick
                      </button>
                    </td>
                  </tr>
                ) : null}
                {viewers.map((viewer) => (
                  <tr
                    key={viewer.id}
                    data-testid="admin-viewer"
                    data-session={viewer.id}
                    data-protocol={viewer.protocol}
                  >
                    <th scope="row">viewer · {viewer.protocol}</th>
                    <SessionDetails session={viewer} now={now} />
                    <td>
                      {viewer.kickable ? (
                        <button
                          type="button"
                          className="button button--small button--danger"
                          data-testid="kick-viewer"
                          disabled={pending.includes(`kick:${viewer.id}`)}
                          onClick={() => void store.kickSession(viewer)}
                        >
                          Kick
                        </button>
                      ) : (
                        <span className="admin-note" title={REQUEST_BASED_NOTE}>
                          request-based
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
                {!publisher && viewers.length === 0 ? (
                  <tr>
                    <td className="admin-note" colSpan={6}>
                      No publisher, no viewers.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </article>
        );
      })}
    </div>
  );
}
