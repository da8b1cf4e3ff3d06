import { isValidStreamName, type AdminStream, type AdminStreamEntry } from '@brume/protocol';
import { useState, type FormEvent } from 'react';
import { parseKeyList } from './admin-format';
import type { AdminStore } from './admin-store';

interface Props {
  streams: readonly AdminStream[];
  pending: readonly string[];
  store: AdminStore;
}

function describeEntry(entry: AdminStreamEntry): string {
  const parts: string[] = [];
  const keys = entry.auth?.publishKeys?.length ?? 0;
  parts.push(keys === 0 ? 'anyone may publish' : `${keys} publish key${keys === 1 ? '' : 's'}`);
  if (entry.auth?.viewerToken) parts.push('viewer token');
  if (entry.recording && entry.recording.enabled !== false) parts.push('recorded');
  if (entry.source !== undefined && entry.source !== 'whip') {
    parts.push('url' in entry.source ? `pulls ${entry.source.url}` : `file ${entry.source.path}`);
  }
  return parts.join(' · ');
}

/** Builds the entry the form describes (only what differs from the defaults). */
export function entryFromForm(form: {
  keys: string;
  viewerToken: boolean;
  recording: boolean;
}): AdminStreamEntry {
  const publishKeys = parseKeyList(form.keys);
  const auth = {
    ...(publishKeys.length > 0 ? { publishKeys } : {}),
    ...(form.viewerToken ? { viewerToken: true } : {}),
  };
  return {
    ...(Object.keys(auth).length > 0 ? { auth } : {}),
    ...(form.recording ? { recording: { enabled: true } } : {}),
  };
}

/** The config file's stream entries: listed with a Remove button, and a form that adds one. */
export function StreamsConfigPanel({ streams, pending, store }: Props) {
  const [name, setName] = useState('');
  const [keys, setKeys] = useState('');
  const [viewerToken, setViewerToken] = useState(false);
  const [recording, setRecording] = useState(false);
  const configured = streams.filter((stream) => stream.entry !== undefined);
  const trimmed = name.trim();
  const nameProblem =
    trimmed === ''
      ? undefined
      : isValidStreamName(trimmed)
        ? undefined
        : 'use 1-64 of A-Z a-z 0-9 _ -, optionally base+suffix';
  const exists = configured.some((stream) => stream.name === trimmed);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (trimmed === '' || nameProblem) return;
    const saved = await store.putStream(trimmed, entryFromForm({ keys, viewerToken, recording }));
    if (saved) {
      setName('');
      setKeys('');
      setViewerToken(false);
      setRecording(false);
    }
  };

  return (
    <section className="admin-config" data-testid="streams-config">
      <h3>Streams configuration</h3>
      {configured.length === 0 ? (
        <p className="admin-note">
          No stream entries: every stream uses the defaults (WHIP, open, not recorded).
        </p>
      ) : (
        <ul className="admin-config__list">
          {configured.map((stream) => (
            <li key={stream.name} data-testid="config-entry" data-stream={stream.name}>
              <strong>{stream.name}</strong>
              <span className="admin-note">{describeEntry(stream.entry ?? {})}</span>
              <button
                type="button"
                className="button button--small button--quiet"
                data-testid="remove-stream"
                disabled={pending.includes(`remove:${stream.name}`)}
                onClick={() => void store.removeStream(stream.name)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="admin-config__form"
        data-testid="add-stream-form"
        onSubmit={(event) => void submit(event)}
      >
        <label>
          Name
          <input
            data-testid="new-stream-name"
            value={name}
            placeholder="live"
            onChange={(event) => setName(event.target.value)}
            aria-invalid={nameProblem ? true : undefined}
          />
        </label>
        <label>
          Publish keys
          <input
            data-testid="new-stream-keys"
            value={keys}
            placeholder="none: anyone may publish"
            onChange={(event) => setKeys(event.target.value)}
          />
        </label>
        <label className="admin-check">
          <input
            type="checkbox"
            data-testid="new-stream-viewer-token"
            checked={viewerToken}
            onChange={(event) => setViewerToken(event.target.checked)}
          />
          Viewer token
        </label>
        <label className="admin-check">
          <input
            type="checkbox"
            data-testid="new-stream-recording"
            checked={recording}
            onChange={(event) => setRecording(event.target.checked)}
          />
          Record
        </label>
        <button
          type="submit"
          className="button button--small"
          data-testid="add-stream"
          disabled={trimmed === '' || nameProblem !== undefined || pending.includes(`put:${trimmed}`)}
        >
          {exists ? 'Replace' : 'Add'}
        </button>
        {nameProblem ? <span className="admin-error">{nameProblem}</span> : null}
      </form>
    </section>
  );
}
