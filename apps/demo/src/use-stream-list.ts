import type { StreamList, StreamSummary } from '@brume/protocol';
import { useEffect, useState } from 'react';

export const STREAM_LIST_INTERVAL_MS = 2000;

export interface StreamListState {
  streams: StreamSummary[];
  /** Set while the last poll failed. */
  error: string | undefined;
  loaded: boolean;
}

/** `GET /api/streams`, polled every 2 s (the list is small; polling keeps the server stateless). */
export function useStreamList(): StreamListState {
  const [state, setState] = useState<StreamListState>({ streams: [], error: undefined, loaded: false });
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const response = await fetch('/api/streams', { signal: abort.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as StreamList;
        setState({
          streams: Array.isArray(body.streams) ? body.streams : [],
          error: undefined,
          loaded: true,
        });
      } catch (error) {
        if (abort.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setState((s) => ({ ...s, error: message, loaded: true }));
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void poll(), STREAM_LIST_INTERVAL_MS);
    };
    void poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, []);
  return state;
}
