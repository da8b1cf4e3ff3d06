import type { StatsResponse, StreamStats } from '@brume/protocol';
import { useEffect, useState } from 'react';

export const STREAM_STATS_INTERVAL_MS = 2000;

/** `GET /api/stats` (viewers by protocol, the last minute of ingest bitrate), polled every 2 s. */
export function useStreamStats(): Map<string, StreamStats> {
  const [stats, setStats] = useState<Map<string, StreamStats>>(() => new Map());
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const response = await fetch('/api/stats', { signal: abort.signal });
        if (response.ok) {
          const body = (await response.json()) as StatsResponse;
          setStats(new Map((Array.isArray(body.streams) ? body.streams : []).map((s) => [s.name, s])));
        }
      } catch {
        // The stream list shows the server as unreachable; the stats columns keep their last values.
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void poll(), STREAM_STATS_INTERVAL_MS);
    };
    void poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, []);
  return stats;
}
