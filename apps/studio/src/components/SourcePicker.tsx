import type { SourceKind } from '@brume/studio';
import { useStudio, useStudioState } from '../studio-context';

export function SourcePicker() {
  const studio = useStudio();
  const sourceKind = useStudioState((s) => s.sourceKind);
  const cameraId = useStudioState((s) => s.cameraId);
  const microphoneId = useStudioState((s) => s.microphoneId);
  const devices = useStudioState((s) => s.devices);
  const status = useStudioState((s) => s.sourceStatus);

  return (
    <fieldset className="panel-section">
      <legend>Source</legend>
      <label className="field">
        <span className="field-label">Input</span>
        <select
          data-testid="source-select"
          value={sourceKind}
          onChange={(event) => void studio.selectSource(event.target.value as SourceKind)}
        >
          <option value="camera">Camera</option>
          <option value="pattern">Test pattern</option>
        </select>
      </label>
      {sourceKind === 'camera' && (
        <>
          <label className="field">
            <span className="field-label">Camera</span>
            <select
              data-testid="camera-select"
              value={cameraId ?? ''}
              disabled={status === 'opening' || devices.cameras.length === 0}
              onChange={(event) => void studio.selectCamera(event.target.value)}
            >
              {devices.cameras.length === 0 && <option value="">No camera found</option>}
              {devices.cameras.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Microphone</span>
            <select
              data-testid="microphone-select"
              value={microphoneId ?? ''}
              disabled={status === 'opening' || devices.microphones.length === 0}
              onChange={(event) => void studio.selectMicrophone(event.target.value)}
            >
              {devices.microphones.length === 0 && <option value="">No microphone found</option>}
              {devices.microphones.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {sourceKind === 'pattern' && (
        <p className="hint">
          Colour bars, a clock and a machine-readable capture time the player’s latency meter reads, with a 1
          kHz beep each second.
        </p>
      )}
    </fieldset>
  );
}
