import type { StreamStats, StreamSummary, TrackInfo } from '@brume/protocol';
import { BitrateSparkline } from './BitrateSparkline';
import { useStreamList } from './use-stream-list';
import { useStreamStats } from './use-stream-stats';

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

/** `whep 1 · ll-hls 2`: the protocols that have viewers. */
function describeViewers(viewers: StreamStats['viewers'] | undefined): string {
  if (!viewers) return '';
  return Object.entries(viewers)
    .filter(([protocol, count]) => protocol !== 'total' && count)
    .map(([protocol, count]) => `${protocol} ${count}`)
    .join(' · ');
}

interface Props {
  selected: string;
  onSelect: (name: string) => void;
}

/**
 * Every stream the server knows, refreshed every 2 s, with its viewers by protocol (every output,
 * from `/api/stats`) and the last minute of its ingest bitrate; a row click plays it.
 */
export function StreamDashboard({ selected, onSelect }: Props) {
  const { streams, error, loaded } = useStreamList();
  const stats = useStreamStats();
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
              <th>Ingest</th>
              <th className="num">Viewers</th>
            </tr>
          </thead>
          <tbody>
            {streams.map((s: StreamSummary) => {
              const stat = stats.get(s.name);
              return (
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
                  <td className="ingest">
                    {s.state === 'live' && stat ? (
                      <BitrateSparkline samples={stat.bitrateHistory} bitrate={stat.bitrate} />
                    ) : null}
                  </td>
                  <td className="num">
                    <span data-testid="viewer-count">{stat ? stat.viewers.total : s.viewers}</span>
                    <span className="viewers-by-protocol" data-testid="viewers-by-protocol">
                      {describeViewers(stat?.viewers)}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
