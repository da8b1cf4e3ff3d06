import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  /** Called with what the user typed, or NaN for an empty or unreadable entry (the scene ops say why). */
  onCommit(value: number): void;
  /** Decimals shown. */
  digits?: number;
  step?: number;
  min?: number;
  max?: number;
  unit?: string;
  testId?: string;
}

/**
 * A number input that edits a draft and commits on the browser's `change` (Enter, leaving the field,
 * a spinner click) rather than on each keystroke, so typing "120" never commits 1 and 12. While not
 * being edited it shows the document's value, clamped or not, as the scene ops left it.
 */
export function NumberField({
  label,
  value,
  onCommit,
  digits = 0,
  step,
  min,
  max,
  unit,
  testId,
}: NumberFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const commit = useRef(onCommit);
  useLayoutEffect(() => {
    commit.current = onCommit;
  });

  useEffect(() => {
    const element = input.current;
    if (!element) return;
    // React's onChange is the DOM `input` event; the commit point is the DOM `change` event.
    const onChange = (): void => {
      const text = element.value.trim();
      setDraft(undefined);
      commit.current(text === '' ? NaN : Number(text));
    };
    element.addEventListener('change', onChange);
    return () => element.removeEventListener('change', onChange);
  }, []);

  const shown = draft ?? String(Number(value.toFixed(digits)));
  useLayoutEffect(() => {
    // A commit the scene ops clamped back to the value already shown re-renders nothing new, and
    // React leaves the typed text in the element: put the document's value back.
    const element = input.current;
    if (element && draft === undefined && element.value !== shown) element.value = shown;
  });

  return (
    <label className="field field-number">
      <span className="field-label">{label}</span>
      <span className="field-control">
        <input
          ref={input}
          type="number"
          inputMode="decimal"
          data-testid={testId}
          value={shown}
          step={step}
          min={min}
          max={max}
          onChange={(event) => {
            // The DOM `change` is the commit (handled above), not more typing.
            if (event.nativeEvent.type !== 'change') setDraft(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setDraft(undefined);
          }}
        />
        {unit && <span className="field-unit">{unit}</span>}
      </span>
    </label>
  );
}
