import { useCallback, useEffect, useState } from 'react';
import { formatBytes, formatDuration } from './admin/admin-format';
import { playRecordingHref, type RecordingListing } from './recordings-link';

/** A recording still being written grows: the list refreshes this often while one is. */
const ACTIVE_REFRESH_MS = 5000;

/**
 * The relay's recordings (`GET /api/recordings`), newest first, each with a link that plays it in
 * the page's player as VoD (HLS by byte ranges, the MP4 as fallback) and one to download the file.
 */
export function RecordingsPanel() {
  const [recordings, setRecordings] = useState<RecordingListing[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const response = await fetch('/api/recordings', signal ? { signal } : {});
      const body = (await response.json()) as {
        recordings?: RecordingListing[];
        error?: { message: string };
      };
      if (!response.ok || !body.recordings) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
      setRecordings([...body.recordings].reverse());
      setError(undefined);
    } catch (caught) {
      if (signal?.aborted) return;
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);
  const writing = recordings?.some((recording) => recording.active) ?? false;
  useEffect(() => {
    if (!writing) return;
    const timer = setInterval(() => void load(), ACTIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [writing, load]);

  return (
    <section className="card recordings" data-testid="recordings">
      <header className="card__header">
        <h2>Recordings</h2>
        <button type="button" className="button button--quiet" onClick={() => void load()}>
          Refresh
        </button>
      </header>
      {error && (
        <p className="admin-error" role="alert">
          Recordings unavailable: {error}
        </p>
      )}
      {recordings?.length === 0 && (
        <p className="recordings__empty">No recordings yet: start one from the admin panel.</p>
      )}
      {recordings && recordings.length > 0 && (
        <ul className="recordings__list">
          {recordings.map((recording) => (
            <li key={recording.file} className="recordings__item" data-testid="recording">
              <span className="recordings__name">{recording.stream}</span>
              <span className="recordings__meta">
                {new Date(recording.start).toLocaleString()} ·{' '}
                {recording.durationMs === null
                  ? 'no complete fragment'
                  : formatDuration(recording.durationMs)}{' '}
                · {formatBytes(recording.bytes)}
                {recording.active ? ' · recording' : ''}
              </span>
              <span className="recordings__actions">
                <a href={playRecordingHref(recording)}>Play</a>
                <a href={recording.url} download>
                  Download
                </a>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
