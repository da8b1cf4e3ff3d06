import type { RecordingFormat } from '@brume/studio';
import { useState } from 'react';
import { formatBytes, formatDuration } from '../format-stats';
import { useStudio, useStudioState } from '../studio-context';

/** Local recording of the program to MP4 or WebM, whatever the stream's codec; a download link after. */
export function RecordControls() {
  const controller = useStudio();
  const state = useStudioState((s) => s.recordingState);
  const elapsed = useStudioState((s) => s.recordingElapsedMs);
  const bytes = useStudioState((s) => s.recordingBytes);
  const recorded = useStudioState((s) => s.recorded);
  const ready = useStudioState((s) => s.ready);
  const [format, setFormat] = useState<RecordingFormat>('mp4');
  const recording = state === 'recording' || state === 'starting' || state === 'stopping';
  return (
    <div className="record" data-testid="record" data-state={state}>
      {recording ? (
        <button
          type="button"
          className="button button-record-stop"
          data-testid="record-stop"
          disabled={state !== 'recording'}
          onClick={() => void controller.stopRecording()}
        >
          ■ Stop recording
        </button>
      ) : (
        <>
          <select
            aria-label="Recording format"
            value={format}
            onChange={(e) => setFormat(e.target.value as RecordingFormat)}
          >
            <option value="mp4">MP4</option>
            <option value="webm">WebM</option>
          </select>
          <button
            type="button"
            className="button button-record"
            data-testid="record-start"
            disabled={!ready}
            onClick={() => void controller.startRecording(format)}
          >
            ● Record
          </button>
        </>
      )}
      {recording && (
        <span className="record-progress" data-testid="record-progress">
          {formatDuration(elapsed)} · {formatBytes(bytes)}
        </span>
      )}
      {!recording && recorded && (
        <a
          className="download"
          data-testid="recording-download"
          href={recorded.url}
          download={recorded.fileName}
        >
          ⬇ {recorded.fileName} ({formatBytes(recorded.bytes)})
        </a>
      )}
    </div>
  );
}
