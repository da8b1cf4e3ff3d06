import type { Player as PlayerCore, PlayerStats } from '@brume/player';
import { useEffect, useState } from 'react';

/**
 * The core's stats, sampled every `intervalMs`. Stats change on every frame, so they are polled at a
 * human rate instead of re-rendering per frame.
 */
export function usePlayerStats(player: PlayerCore | undefined, intervalMs = 1000): PlayerStats | undefined {
  const [stats, setStats] = useState<PlayerStats>();
  useEffect(() => {
    if (!player) {
      setStats(undefined);
      return;
    }
    const read = (): void => setStats(player.getStats());
    read();
    const timer = setInterval(read, intervalMs);
    return () => clearInterval(timer);
  }, [player, intervalMs]);
  return stats;
}
