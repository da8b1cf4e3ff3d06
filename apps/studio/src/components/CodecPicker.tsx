import { VIDEO_CODEC_LABELS, VIDEO_CODECS, type VideoCodec } from '@brume/studio';
import { useStudio, useStudioState } from '../studio-context';

/** The video codec of the next Go Live; locked while a publish runs (changing it needs a new offer). */
export function CodecPicker() {
  const studio = useStudio();
  const videoCodec = useStudioState((s) => s.videoCodec);
  const publisherState = useStudioState((s) => s.publisherState);
  const locked = publisherState !== 'idle' && publisherState !== 'error';

  return (
    <fieldset className="panel-section">
      <legend>Encoding</legend>
      <label className="field">
        <span className="field-label">Video codec</span>
        <select
          data-testid="codec-select"
          value={videoCodec}
          disabled={locked}
          onChange={(event) => studio.setVideoCodec(event.target.value as VideoCodec)}
        >
          {VIDEO_CODECS.map((codec) => (
            <option key={codec} value={codec}>
              {VIDEO_CODEC_LABELS[codec]}
            </option>
          ))}
        </select>
      </label>
      {videoCodec !== 'h264' && (
        <p className="hint">
          {VIDEO_CODEC_LABELS[videoCodec]} is relayed to WebRTC viewers only; H.264 can also be repackaged for
          HLS and DASH.
        </p>
      )}
    </fieldset>
  );
}
