import { formatStats } from '../format-stats';
import { CloseIcon } from '../icons';
import { usePlayer, useUi } from '../player-context';
import { statsRows } from '../stats-rows';
import { usePlayerState } from '../use-player-state';
import { usePlayerStats } from '../use-player-stats';

/**
 * "Stats for nerds": engine, protocol, picture, transport counters and latencies, refreshed every
 * second. The one-line summary (`player-stats`) stays in the DOM while the panel is closed, for tests
 * and tools that read it.
 */
export function StatsPanel() {
  const { player, ui, strings } = usePlayer();
  const state = usePlayerState(player);
  const open = useUi((s) => s.statsOpen);
  const stats = usePlayerStats(player);
  return (
    <section className="brume-stats" data-testid="stats-panel" hidden={!open} aria-label={strings.stats}>
      <div className="brume-stats__header">
        <span className="brume-stats__summary" data-testid="player-stats">
          {state.status === 'playing' ? formatStats(stats) : ''}
        </span>
        <button
          type="button"
          className="brume-button brume-button--small"
          aria-label={strings.closeStats}
          title={strings.closeStats}
          onClick={() => ui.getState().toggleStats()}
        >
          <CloseIcon />
        </button>
      </div>
      {open && <StatsRows />}
    </section>
  );
}

/** The table, mounted while the panel is open: it reads fresh stats at once instead of up to 1 s late. */
function StatsRows() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  const stats = usePlayerStats(player);
  return (
    <dl className="brume-stats__rows">
      {statsRows(state, stats, strings).map((row) => (
        <div key={row.id} className="brume-stats__row" data-stat={row.id}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
