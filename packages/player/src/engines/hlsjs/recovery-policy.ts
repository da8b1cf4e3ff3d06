/** What to do about a fatal hls.js error. */
export type RecoveryStep = 'restart-load' | 'recover-media' | 'swap-codec-and-recover' | 'give-up';

/** The kind of a fatal hls.js error, from its `type` (`networkError`, `mediaError`, anything else). */
export type FatalKind = 'network' | 'media' | 'other';

/** Restarts of loading before a network failure is final: hls.js has already retried each request. */
const NETWORK_RESTARTS = 2;

/**
 * Attempts older than this are forgotten: a stream that recovered and then played for a while
 * earns a fresh set, while one that fails again right away gives up instead of looping.
 */
const RECOVERY_WINDOW_MS = 30_000;

/**
 * Decides, in one place, how the hls.js engine answers fatal errors, as hls.js's own docs advise:
 * a network failure restarts loading (twice), a media failure re-attaches the media (then tries
 * the other audio codec), and after that, or for anything else, the attempt has failed.
 */
export class RecoveryPolicy {
  private readonly attempts: Record<'network' | 'media', number[]> = { network: [], media: [] };

  next(kind: FatalKind, nowMs: number): RecoveryStep {
    if (kind === 'other') return 'give-up';
    const recent = this.attempts[kind].filter((at) => nowMs - at < RECOVERY_WINDOW_MS);
    this.attempts[kind] = [...recent, nowMs];
    if (kind === 'network') return recent.length < NETWORK_RESTARTS ? 'restart-load' : 'give-up';
    if (recent.length === 0) return 'recover-media';
    return recent.length === 1 ? 'swap-codec-and-recover' : 'give-up';
  }
}
