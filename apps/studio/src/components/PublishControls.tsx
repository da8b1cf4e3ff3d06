import { isValidStreamName } from '@brume/protocol';
import { useStudio, useStudioState } from '../studio-context';

export function PublishControls() {
  const studio = useStudio();
  const publisherState = useStudioState((s) => s.publisherState);
  const canStart = useStudioState(
    (s) =>
      s.sourceStatus === 'ready' &&
      isValidStreamName(s.streamName) &&
      (s.publisherState === 'idle' || s.publisherState === 'error'),
  );
  const active =
    publisherState === 'connecting' || publisherState === 'live' || publisherState === 'reconnecting';

  return (
    <div className="publish-controls">
      <button
        type="button"
        className="button button-live"
        data-testid="go-live"
        disabled={!canStart}
        onClick={() => void studio.goLive()}
      >
        Go Live
      </button>
      <button
        type="button"
        className="button button-stop"
        data-testid="stop"
        disabled={!active}
        onClick={() => void studio.stop()}
      >
        Stop
      </button>
    </div>
  );
}
