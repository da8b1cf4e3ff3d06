import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

/** Says what failed, and offers a retry (and another source, when the player has one to try). */
export function ErrorOverlay() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  if (state.status !== 'error') return null;
  return (
    <div className="brume-overlay brume-overlay--error" role="alert" data-testid="error-overlay">
      <div className="brume-overlay__title">{strings.cannotPlay}</div>
      {state.error && <div className="brume-overlay__text">{state.error.message}</div>}
      <div className="brume-overlay__actions">
        <button
          type="button"
          className="brume-action"
          data-testid="error-retry"
          onClick={() => player.retry()}
        >
          {strings.retry}
        </button>
        {state.combos.length > 1 && (
          <button
            type="button"
            className="brume-action brume-action--secondary"
            data-testid="error-next"
            onClick={() => player.nextCombo()}
          >
            {strings.tryAnotherSource}
          </button>
        )}
      </div>
    </div>
  );
}
