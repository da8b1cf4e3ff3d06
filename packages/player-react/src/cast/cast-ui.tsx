import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

/** The cast glyph (a screen with waves): kept here so only pages that can cast download it. */
function CastIcon() {
  return (
    <svg className="brume-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M1 18v3h3a3 3 0 0 0-3-3zm0-4v2a5 5 0 0 1 5 5h2a7 7 0 0 0-7-7zm0-4v2a9 9 0 0 1 9 9h2A11 11 0 0 0 1 10zm20-7H3a2 2 0 0 0-2 2v3h2V5h18v14h-7v2h7a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2z" />
    </svg>
  );
}

/** The control bar's cast button: opens the browser's device picker, or ends the cast. */
export function CastButton() {
  const { player, strings } = usePlayer();
  const cast = usePlayerState(player).cast;
  const active = cast !== undefined && cast.session !== 'none';
  const label = active ? strings.stopCast : strings.cast;
  return (
    <button
      type="button"
      className="brume-button"
      data-testid="cast-button"
      data-session={cast?.session ?? 'none'}
      aria-label={label}
      aria-pressed={active}
      title={label}
      onClick={() => (active ? player.stopCast() : void player.startCast())}
    >
      <CastIcon />
    </button>
  );
}

/** Over the (paused, empty) local picture while a receiver plays: where the stream went. */
export function CastOverlay() {
  const { player, strings } = usePlayer();
  const cast = usePlayerState(player).cast;
  if (!cast || cast.session === 'none') return null;
  const text = cast.session === 'connecting' ? strings.castConnecting : strings.castingTo(cast.device);
  return (
    <div
      className="brume-overlay"
      data-testid="cast-overlay"
      data-kind="casting"
      style={{ background: 'rgba(5, 7, 10, 0.85)' }}
    >
      <CastIcon />
      <div className="brume-overlay__text">{text}</div>
    </div>
  );
}
