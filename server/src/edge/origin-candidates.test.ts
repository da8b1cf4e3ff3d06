import { describe, expect, it } from 'vitest';
import { tryCandidates } from './origin-candidates';
import { OriginError, OriginErrorCodes } from './origin-error';
import { staticOrigins } from './origin-resolver';

const A = 'http://a:8080';
const B = 'http://b:8080';
const C = 'http://c:8080';
const notFound = (origin: string) => OriginError.fromStatus(origin, 'cam', 404, '');
const down = (origin: string) => OriginError.unreachable(origin, 'ECONNREFUSED');

describe('tryCandidates', () => {
  it('tries the candidates in order and stops at the first that serves', async () => {
    const tried: string[] = [];
    const round = await tryCandidates('cam', staticOrigins([A, B, C]), async (origin) => {
      tried.push(origin);
      return origin === B ? 'session' : notFound(origin);
    });
    expect(round).toEqual({ kind: 'attached', origin: B, value: 'session' });
    expect(tried).toEqual([A, B]);
  });

  it('is not-found when every candidate says so or refuses the edge, or there are none', async () => {
    expect(await tryCandidates('cam', staticOrigins([A, B]), async (o) => notFound(o))).toEqual({
      kind: 'not-found',
    });
    const refused = (origin: string) => OriginError.fromStatus(origin, 'cam', 401, '');
    expect(
      await tryCandidates('cam', staticOrigins([A, B]), async (o) => (o === A ? refused(o) : notFound(o))),
    ).toEqual({ kind: 'not-found' });
    expect(await tryCandidates('cam', staticOrigins([]), async () => 'never')).toEqual({ kind: 'not-found' });
  });

  it('is failed (with the last real error) when any candidate failed otherwise', async () => {
    const failures: string[] = [];
    const round = await tryCandidates(
      'cam',
      staticOrigins([A, B]),
      async (origin) => (origin === A ? down(origin) : notFound(origin)),
      (error) => failures.push(error.code),
    );
    expect(round.kind).toBe('failed');
    expect(round.kind === 'failed' && round.error.origin).toBe(A);
    expect(failures).toEqual([OriginErrorCodes.unreachable, OriginErrorCodes.notFound]);
  });

  it('puts the origin just lost last', async () => {
    const tried: string[] = [];
    await tryCandidates(
      'cam',
      staticOrigins([A, B, C]),
      async (origin) => {
        tried.push(origin);
        return notFound(origin);
      },
      undefined,
      undefined,
      A,
    );
    expect(tried).toEqual([B, C, A]);
  });

  it('counts a throwing resolver as no candidates, and stops when the attempt says so', async () => {
    const errors: unknown[] = [];
    const round = await tryCandidates(
      'cam',
      () => Promise.reject(new Error('directory down')),
      async () => 'never',
      undefined,
      (error) => errors.push(error),
    );
    expect(round).toEqual({ kind: 'not-found' });
    expect(errors).toHaveLength(1);
    expect(await tryCandidates('cam', staticOrigins([A, B]), async () => undefined)).toEqual({
      kind: 'stopped',
    });
  });
});

describe('OriginError.fromStatus', () => {
  it('maps 404/409 to not-found, 401/403 to refused, anything else to unreachable', () => {
    expect(OriginError.fromStatus(A, 'cam', 404, '').code).toBe(OriginErrorCodes.notFound);
    expect(OriginError.fromStatus(A, 'cam', 409, '').code).toBe(OriginErrorCodes.notFound);
    expect(OriginError.fromStatus(A, 'cam', 401, '').code).toBe(OriginErrorCodes.refused);
    expect(OriginError.fromStatus(A, 'cam', 403, '').message).toContain('origin.token');
    expect(OriginError.fromStatus(A, 'cam', 503, 'draining').code).toBe(OriginErrorCodes.unreachable);
  });
});
