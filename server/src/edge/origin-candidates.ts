import { OriginError, OriginErrorCodes } from './origin-error';
import type { OriginResolver } from './origin-resolver';

/** The outcome of one pass down an edge's origin candidates. */
export type CandidateRound<T> =
  /** An origin serves the stream (`value` is what `attempt` returned). */
  | { kind: 'attached'; origin: string; value: T }
  /**
   * No candidate will serve it: each said it has no such stream, or refused this edge (401/403, a
   * configuration matter that retrying does not fix), or there were none.
   */
  | { kind: 'not-found' }
  /** At least one candidate could not be reached (down, 5xx, no media): the last such error. */
  | { kind: 'failed'; error: OriginError }
  /** `attempt` returned undefined: the pull was stopped meanwhile. */
  | { kind: 'stopped' };

/**
 * One round: asks the resolver for `name`'s candidates and tries them in its order until one
 * attaches; `last` (the origin just lost) goes to the end of the list, so a failover does not first
 * wait on the origin that just went silent. A resolver that throws counts as no candidates (so the round is `not-found`, and a
 * first request answers 404 rather than waiting on a broken directory). `onFailure` hears each
 * failed candidate (logs).
 */
export async function tryCandidates<T>(
  name: string,
  resolve: OriginResolver,
  attempt: (origin: string) => Promise<T | OriginError | undefined>,
  onFailure: (error: OriginError) => void = () => {},
  onResolverError: (error: unknown) => void = () => {},
  last?: string,
): Promise<CandidateRound<T>> {
  let candidates: string[];
  try {
    candidates = await resolve(name);
  } catch (error) {
    onResolverError(error);
    candidates = [];
  }
  if (last !== undefined && candidates.includes(last)) {
    candidates = [...candidates.filter((origin) => origin !== last), last];
  }
  let failure: OriginError | undefined;
  for (const origin of candidates) {
    const outcome = await attempt(origin);
    if (outcome === undefined) return { kind: 'stopped' };
    if (!(outcome instanceof OriginError)) return { kind: 'attached', origin, value: outcome };
    onFailure(outcome);
    if (outcome.code !== OriginErrorCodes.notFound && outcome.code !== OriginErrorCodes.refused) {
      failure = outcome;
    }
  }
  return failure ? { kind: 'failed', error: failure } : { kind: 'not-found' };
}
