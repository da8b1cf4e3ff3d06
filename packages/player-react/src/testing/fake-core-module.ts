import type { Player, PlayerOptions } from '@brume/player';
import { FakePlayer } from './fake-player';

/**
 * Stands in for `@brume/player` in component tests:
 * `vi.mock('@brume/player', () => import('./testing/fake-core-module'))`. The UI takes only
 * `createPlayer` (and types) from the core, so this is the whole module as far as it can tell.
 */
export function createPlayer(container: HTMLElement, options: PlayerOptions): Player {
  return new FakePlayer(container, options);
}
