import { useState, type FormEvent } from 'react';
import { METADATA_TRACK_NAME } from '@brume/protocol';
import type { MetadataMessage } from '@brume/studio';
import { useStudio, useStudioState } from '../studio-context';

type Mode = 'json' | 'subtitle';

interface Outcome {
  ok: boolean;
  text: string;
}

/**
 * Sends timed metadata with the live stream: a JSON event (a score, a poll, a chapter mark) or a
 * caption line. Viewers' players get it on the frame that was live when it was sent.
 */
export function MetadataPanel() {
  const controller = useStudio();
  const live = useStudioState((s) => s.publisherState === 'live' || s.publisherState === 'reconnecting');
  const [mode, setMode] = useState<Mode>('subtitle');
  const [track, setTrack] = useState<Record<Mode, string>>({ json: 'data', subtitle: 'captions' });
  const [json, setJson] = useState('{ "message": "Hello" }');
  const [caption, setCaption] = useState('');
  const [seconds, setSeconds] = useState(3);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  if (!live) return null;
  const trackName = track[mode];
  const trackValid = METADATA_TRACK_NAME.test(trackName);
  let jsonError: string | undefined;
  let parsed: unknown;
  if (mode === 'json') {
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      jsonError = error instanceof Error ? error.message : 'Not JSON';
    }
  }
  const ready =
    trackValid && !sending && (mode === 'json' ? jsonError === undefined : caption.trim().length > 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    const message: MetadataMessage =
      mode === 'json'
        ? { kind: 'json', data: parsed }
        : { kind: 'subtitle', text: caption.trim(), durationMs: Math.round(seconds * 1000) };
    setSending(true);
    controller
      .sendMetadata(trackName, message)
      .then(
        (sent) => {
          setOutcome({
            ok: true,
            text: `Sent to “${trackName}”${sent.ids.length ? ` (#${sent.ids.join(', #')})` : ''}.`,
          });
          if (mode === 'subtitle') setCaption('');
        },
        (error: unknown) =>
          setOutcome({ ok: false, text: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => setSending(false));
  };

  return (
    <form data-testid="metadata-panel" onSubmit={submit}>
      <fieldset className="panel-section">
        <legend>Timed metadata</legend>
        <div className="segmented" role="radiogroup" aria-label="What to send">
          {(['subtitle', 'json'] as const).map((m) => (
            <label key={m} className={mode === m ? 'segment segment-on' : 'segment'}>
              <input
                type="radio"
                name="metadata-mode"
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              {m === 'subtitle' ? 'Caption' : 'JSON event'}
            </label>
          ))}
        </div>
        <label className="field">
          <span className="field-label">Track</span>
          <input
            data-testid="metadata-track"
            value={trackName}
            aria-invalid={!trackValid}
            onChange={(e) => setTrack({ ...track, [mode]: e.target.value.trim() })}
          />
        </label>
        {!trackValid && <p className="field-error">Use 1–64 letters, digits, “_” or “-”.</p>}
        {mode === 'json' ? (
          <label className="field">
            <span className="field-label">Event data (JSON)</span>
            <textarea
              data-testid="metadata-json"
              rows={4}
              value={json}
              spellCheck={false}
              aria-invalid={jsonError !== undefined}
              onChange={(e) => setJson(e.target.value)}
            />
          </label>
        ) : (
          <div className="field-grid">
            <label className="field">
              <span className="field-label">Caption</span>
              <input
                data-testid="metadata-caption"
                value={caption}
                placeholder="Type a line, press Enter"
                onChange={(e) => setCaption(e.target.value)}
              />
            </label>
            <label className="field">
              <span className="field-label">Shown for (s)</span>
              <input
                type="number"
                min={0.5}
                max={30}
                step={0.5}
                value={seconds}
                onChange={(e) => setSeconds(Math.min(30, Math.max(0.5, Number(e.target.value) || 3)))}
              />
            </label>
          </div>
        )}
        {jsonError && <p className="field-error">{jsonError}</p>}
        <button type="submit" className="button button-small" data-testid="metadata-send" disabled={!ready}>
          {sending ? 'Sending…' : 'Send'}
        </button>
        {outcome && (
          <p
            className={outcome.ok ? 'hint' : 'field-error'}
            role={outcome.ok ? 'status' : 'alert'}
            data-testid="metadata-outcome"
          >
            {outcome.text}
          </p>
        )}
      </fieldset>
    </form>
  );
}
