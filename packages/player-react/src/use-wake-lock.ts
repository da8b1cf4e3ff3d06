import { useEffect } from 'react';

/**
 * Keeps the screen on while `active` (video playing), releasing it when playback stops or the
 * component unmounts. Browsers drop the lock when the page is hidden, so it is taken again when the
 * page comes back. Where the Screen Wake Lock API is missing or refuses, nothing happens.
 */
export function useWakeLock(active: boolean): void {
  useEffect(() => {
    if (!active || typeof navigator === 'undefined' || !('wakeLock' in navigator)) return;
    let sentinel: WakeLockSentinel | undefined;
    let requesting = false;
    let disposed = false;
    const acquire = (): void => {
      if (document.visibilityState !== 'visible' || requesting || (sentinel && !sentinel.released)) return;
      requesting = true;
      navigator.wakeLock.request('screen').then(
        (lock) => {
          requesting = false;
          if (disposed) void lock.release().catch(() => {});
          else sentinel = lock;
        },
        () => {
          // Refused (battery saver, permissions policy): the screen may dim, playback goes on.
          requesting = false;
        },
      );
    };
    acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      disposed = true;
      document.removeEventListener('visibilitychange', acquire);
      void sentinel?.release().catch(() => {});
    };
  }, [active]);
}
