import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  onCommit(value: string): void;
  placeholder?: string;
  testId?: string;
  multiline?: boolean;
}

/**
 * A text input that commits on the browser's `change` (Enter in a one-line field, leaving the field),
 * so a URL or a stream name is not applied, and opened, half typed.
 */
export function TextField({ label, value, onCommit, placeholder, testId, multiline }: TextFieldProps) {
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const commit = useRef(onCommit);
  useLayoutEffect(() => {
    commit.current = onCommit;
  });

  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const onChange = (): void => {
      setDraft(undefined);
      commit.current(element.value);
    };
    element.addEventListener('change', onChange);
    return () => element.removeEventListener('change', onChange);
  }, []);

  useLayoutEffect(() => {
    // A commit refused or unchanged (an empty name) re-renders nothing new: show the value again.
    const element = input.current;
    if (element && draft === undefined && element.value !== value) element.value = value;
  });

  const shared = {
    ref: input,
    'data-testid': testId,
    value: draft ?? value,
    placeholder,
    onChange: (event: { target: { value: string }; nativeEvent: Event }) => {
      // The DOM `change` is the commit (handled above), not more typing.
      if (event.nativeEvent.type !== 'change') setDraft(event.target.value);
    },
    onKeyDown: (event: { key: string }) => {
      if (event.key === 'Escape') setDraft(undefined);
    },
  };
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {multiline ? <textarea rows={2} {...shared} /> : <input type="text" {...shared} />}
    </label>
  );
}
