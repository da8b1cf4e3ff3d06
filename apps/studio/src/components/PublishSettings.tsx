import { OUTPUT_PRESETS, setOutputPreset, type OutputPreset } from '@brume/studio';
import { useStudio, useStudioState } from '../studio-context';

const PRESET_LABELS: Record<OutputPreset, string> = {
  '720p30': '1280×720, 30 fps',
  '1080p30': '1920×1080, 30 fps',
  '1080p60': '1920×1080, 60 fps',
};

/** Stream key, output size, bitrate, keyframe interval and simulcast of the next Go Live. */
export function PublishSettings() {
  const controller = useStudio();
  const token = useStudioState((s) => s.token);
  const preset = useStudioState((s) => s.collection?.output.preset ?? '720p30');
  const maxBitrateKbps = useStudioState((s) => s.maxBitrateKbps);
  const keyframeIntervalMs = useStudioState((s) => s.keyframeIntervalMs);
  const simulcast = useStudioState((s) => s.simulcast);
  const locked = useStudioState((s) => s.publisherState !== 'idle' && s.publisherState !== 'error');
  return (
    <fieldset className="panel-section">
      <legend>Output</legend>
      <label className="field">
        <span className="field-label">Stream key</span>
        <input
          type="password"
          data-testid="stream-key"
          value={token}
          autoComplete="off"
          placeholder="none"
          disabled={locked}
          onChange={(e) => controller.store.setState({ token: e.target.value.trim() })}
        />
      </label>
      <label className="field">
        <span className="field-label">Resolution</span>
        <select
          data-testid="output-preset"
          value={preset}
          onChange={(e) => controller.edit((c) => setOutputPreset(c, e.target.value as OutputPreset))}
        >
          {OUTPUT_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Max video bitrate (kb/s)</span>
        <input
          type="number"
          data-testid="max-bitrate"
          min={300}
          max={20_000}
          step={100}
          placeholder="automatic"
          value={maxBitrateKbps ?? ''}
          onChange={(e) => {
            const value = e.target.value === '' ? undefined : Number(e.target.value);
            if (value === undefined || (Number.isFinite(value) && value >= 100))
              void controller.setMaxBitrate(value);
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">Keyframe every (s)</span>
        <input
          type="number"
          data-testid="keyframe-interval"
          min={0.5}
          max={10}
          step={0.5}
          placeholder="1 (server's segment cadence)"
          disabled={locked}
          value={keyframeIntervalMs === undefined ? '' : keyframeIntervalMs / 1000}
          onChange={(e) => {
            const seconds = e.target.value === '' ? undefined : Number(e.target.value);
            controller.store.setState({
              keyframeIntervalMs:
                seconds && Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined,
            });
          }}
        />
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          data-testid="simulcast"
          checked={simulcast}
          disabled={locked}
          onChange={(e) => controller.store.setState({ simulcast: e.target.checked })}
        />
        Simulcast (full, ½ and ¼ size)
      </label>
      {simulcast && (
        <p className="hint" data-testid="simulcast-hint">
          For WHIP servers that forward layers. Brume’s relay keeps the full-size layer only.
        </p>
      )}
    </fieldset>
  );
}
