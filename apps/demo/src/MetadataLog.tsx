import type { FiredMetadataEvent, PlayerCore } from '@brume/player-react';
import { useEffect, useState } from 'react';

/** Entries kept on screen: enough to see events flow, bounded for a page left open for hours. */
const MAX_ENTRIES = 50;

interface Entry {
  key: number;
  event: FiredMetadataEvent;
}

function formatStreamTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const s = String(total % 60).padStart(2, '0');
  return `${h > 0 ? `${h}:` : ''}${m}:${s}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;
}

/**
 * The stream's JSON metadata events as the player fires them (on their frame), newest first, so a
 * visitor sees timed metadata work. Shown only while the stream has JSON metadata tracks.
 */
export function MetadataLog({ player }: { player: PlayerCore }) {
  const [hasJson, setHasJson] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);

  useEffect(() => {
    const update = (): void => setHasJson(player.metadata.tracks.some((track) => track.kind === 'json'));
    update();
    return player.on('metadatatracks', update);
  }, [player]);

  useEffect(() => {
    let next = 0;
    return player.metadata.subscribe('*', (event) => {
      // Subtitles are on the picture already.
      if (player.metadata.tracks.find((track) => track.name === event.track)?.kind === 'subtitle') return;
      const entry = { key: next++, event };
      setEntries((list) => [entry, ...list].slice(0, MAX_ENTRIES));
    });
  }, [player]);

  if (!hasJson) return null;
  return (
    <section className="card metadata-log" data-testid="metadata-log">
      <header className="card__header">
        <h2>Timed metadata</h2>
        <span className="metadata-log__count">{entries.length ? `${entries.length} shown` : 'waiting…'}</span>
      </header>
      <ol className="metadata-log__list">
        {entries.map(({ key, event }) => (
          <li key={key} className="metadata-log__entry" data-testid="metadata-log-entry">
            <time className="metadata-log__time">{formatStreamTime(event.time)}</time>
            <span className="metadata-log__track">{event.track}</span>
            <code className="metadata-log__data">{JSON.stringify(event.data)}</code>
            {event.late && <span className="metadata-log__late">late</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
