import { isValidStreamName } from '@brume/protocol';
import { useStudio, useStudioState } from '../studio-context';

export function PublishControls() {
  const studio = useStudio();
  const publisherState = useStudioState((s) => s.publisherState);
  const canStart = useStudioState(
    (s) =>
      s.ready &&
      isValidStreamName(s.streamName) &&
      (s.publisherState === 'idle' || s.publisherState === 'error'),
  );
  const active =
    publisherState === 'connecting' || publisherState === 'live' || publisherState === 'reconnecting';

  return (
    <div className="publish-controls">
      {active ? (
        <button
          type="button"
          className="button button-stop"
          data-testid="stop"
          title="Stop streaming (Ctrl+Shift+L)"
          onClick={() => void studio.stop()}
        >
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="button button-live"
          data-testid="go-live"
          title="Go live (Ctrl+Shift+L)"
          disabled={!canStart}
          onClick={() => void studio.goLive()}
        >
          Go Live
        </button>
      )}
    </div>
  );
}
