import type { PublisherState } from '@brume/studio';
import { useStudioState } from '../studio-context';

const LABELS: Record<PublisherState, string> = {
  idle: 'Idle',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  error: 'Error',
};

export function StateLine() {
  const state = useStudioState((s) => s.publisherState);
  const error = useStudioState((s) => s.publishError);
  const text = state === 'error' ? `Error: ${error ?? 'unknown failure'}` : LABELS[state];
  return (
    <p className="state-line" data-testid="studio-state" data-state={state} role="status" aria-live="polite">
      <span className="state-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
