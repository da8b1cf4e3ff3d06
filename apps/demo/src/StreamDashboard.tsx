import type { StreamSummary, TrackInfo } from '@brume/protocol';
import { useStreamList } from './use-stream-list';

function describeTracks(tracks: TrackInfo[]): string {
  const media = tracks.filter((t) => t.kind === 'video' || t.kind === 'audio');
  if (!media.length) return '—';
  return media
    .map((t) => {
      const codec = t.codec.split('.')[0] ?? t.codec;
      return t.kind === 'video' && t.width && t.height ? `${codec} ${t.width}×${t.height}` : codec;
    })
    .join(' + ');
}

function since(ms: number | undefined): string {
  if (!ms) return '';
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

interface Props {
  selected: string;
  onSelect: (name: string) => void;
}

/** Every stream the server knows, refreshed every 2 s; a row click plays it. */
export function StreamDashboard({ selected, onSelect }: Props) {
  const { streams, error, loaded } = useStreamList();
  return (
    <section className="card dashboard" data-testid="stream-dashboard">
      <header className="card__header">
        <h2>Streams</h2>
        <span className={error ? 'pill pill--warn' : 'pill'}>
          {error ? 'server unreachable' : 'auto-refresh 2 s'}
        </span>
      </header>
      {!loaded ? (
        <p className="empty">Loading…</p>
      ) : streams.length === 0 ? (
        <p className="empty">
          No streams yet. Open the <a href="/studio/">studio</a> and go live, or push with any WHIP encoder to{' '}
          <code>/whip/&lt;name&gt;</code>.
        </p>
      ) : (
        <table className="streams">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Media</th>
              <th className="num">Viewers</th>
            </tr>
          </thead>
          <tbody>
            {streams.map((s: StreamSummary) => (
              <tr
                key={s.name}
                data-testid="stream-row"
                data-stream={s.name}
                className={s.name === selected ? 'is-selected' : undefined}
                onClick={() => onSelect(s.name)}
              >
                <td>
                  {/* The click bubbles to the row; the button makes the row reachable by keyboard. */}
                  <button type="button" className="link">
                    {s.name}
                  </button>
                </td>
                <td>
                  <span className={`state state--${s.state}`}>{s.state}</span>
                  {s.state === 'live' && s.since ? <span className="since"> {since(s.since)}</span> : null}
                </td>
                <td className="media">{describeTracks(s.tracks ?? [])}</td>
                <td className="num">{s.viewers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
