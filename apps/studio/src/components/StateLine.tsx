import type { PublisherState } from '@brume/studio';
import { useEffect, useState } from 'react';
import { formatDuration } from '../format-stats';
import { useStudioState } from '../studio-context';

const LABELS: Record<PublisherState, string> = {
  idle: 'Stopped',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  error: 'Error',
};

/** Live / Reconnecting / Stopped, and for how long. */
export function StateLine() {
  const state = useStudioState((s) => s.publisherState);
  const error = useStudioState((s) => s.publishError);
  const since = useStudioState((s) => s.stateSince);
  const [now, setNow] = useState(() => Date.now());
  const ticking = state === 'live' || state === 'reconnecting';
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  const text = state === 'error' ? `Error: ${error ?? 'unknown failure'}` : LABELS[state];
  return (
    <p className="state-line" data-testid="studio-state" data-state={state} role="status" aria-live="polite">
      <span className="state-dot" aria-hidden="true" />
      {text}
      {ticking && (
        <span className="state-duration" data-testid="state-duration">
          {formatDuration(Math.max(0, now - since))}
        </span>
      )}
    </p>
  );
}
