import { useStudio, useStudioState } from '../studio-context';

/** The latest message for the user (a refused device, a bad file), until dismissed. */
export function Notice() {
  const controller = useStudio();
  const notice = useStudioState((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert" data-testid="notice">
      <span>{notice}</span>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        onClick={() => controller.store.setState({ notice: undefined })}
      >
        Dismiss
      </button>
    </div>
  );
}
