import { isValidStreamName } from '@brume/protocol';
import { useEffect, useState, type FormEvent } from 'react';

interface Props {
  stream: string;
  onSelect: (name: string) => void;
}

/** A field to play any stream by name, including ones not live yet (the player waits for them). */
export function StreamPicker({ stream, onSelect }: Props) {
  const [value, setValue] = useState(stream);
  useEffect(() => setValue(stream), [stream]);
  const trimmed = value.trim();
  const invalid = trimmed !== '' && !isValidStreamName(trimmed);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (trimmed && !invalid) onSelect(trimmed);
  };
  return (
    <form className="picker" onSubmit={submit}>
      <label htmlFor="stream-name">Stream</label>
      <input
        id="stream-name"
        data-testid="stream-input"
        value={value}
        placeholder="e.g. live"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="button" data-testid="watch-button" disabled={!trimmed || invalid}>
        Watch
      </button>
      {invalid && (
        <span className="picker__hint">Letters, digits, “_” and “-” (1–64), optionally base+suffix.</span>
      )}
    </form>
  );
}
