import { isValidStreamName } from '@brume/protocol';
import { useStudio, useStudioState } from '../studio-context';

export function StreamNameField() {
  const studio = useStudio();
  const streamName = useStudioState((s) => s.streamName);
  const publisherState = useStudioState((s) => s.publisherState);
  const valid = isValidStreamName(streamName);
  const locked = publisherState !== 'idle' && publisherState !== 'error';

  return (
    <fieldset className="panel-section">
      <legend>Stream</legend>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          data-testid="stream-name"
          type="text"
          value={streamName}
          spellCheck={false}
          autoComplete="off"
          disabled={locked}
          aria-invalid={!valid}
          aria-describedby="stream-name-message"
          onChange={(event) => studio.setStreamName(event.target.value.trim())}
        />
      </label>
      {!valid && (
        <p id="stream-name-message" className="field-error" data-testid="stream-name-error" role="alert">
          {streamName === ''
            ? 'Enter a stream name.'
            : 'Use 1–64 letters, digits, “_” or “-”, optionally as base+suffix.'}
        </p>
      )}
    </fieldset>
  );
}
