import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signViewerToken, tokenScopeCovers, verifyViewerToken, VIEWER_TOKEN_PATTERN } from './viewer-token';

const SECRET = 'test-secret-of-some-length';
const NOW = 1_764_000_000_000;
const HOUR = 3_600_000;

const token = (stream = 'live', expiresAtMs = NOW + HOUR, secret = SECRET) =>
  signViewerToken(secret, { stream, expiresAtMs });

const nameArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

describe('viewer tokens', () => {
  it('verifies a token it signed, with its claims', () => {
    const signed = token();
    expect(signed).toMatch(VIEWER_TOKEN_PATTERN);
    expect(verifyViewerToken(SECRET, signed, 'live', NOW)).toEqual({
      ok: true,
      claims: { stream: 'live', expiresAtMs: NOW + HOUR },
    });
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyViewerToken(SECRET, token('live', NOW + HOUR, 'other'), 'live', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a token from its expiry instant on', () => {
    const signed = token('live', NOW + 1000);
    expect(verifyViewerToken(SECRET, signed, 'live', NOW + 999).ok).toBe(true);
    expect(verifyViewerToken(SECRET, signed, 'live', NOW + 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('scopes a base name to its wildcard streams, and an exact name to itself', () => {
    expect(verifyViewerToken(SECRET, token('live'), 'live+alice', NOW).ok).toBe(true);
    expect(verifyViewerToken(SECRET, token('live'), 'lives', NOW)).toEqual({
      ok: false,
      reason: 'wrong-stream',
    });
    expect(verifyViewerToken(SECRET, token('live'), 'other', NOW).ok).toBe(false);
    expect(verifyViewerToken(SECRET, token('live+alice'), 'live+alice', NOW).ok).toBe(true);
    expect(verifyViewerToken(SECRET, token('live+alice'), 'live', NOW)).toEqual({
      ok: false,
      reason: 'wrong-stream',
    });
    expect(verifyViewerToken(SECRET, token('live+alice'), 'live+bob', NOW).ok).toBe(false);
  });

  it('covers by the documented rule', () => {
    fc.assert(
      fc.property(nameArb, nameArb, nameArb, (base, suffix, other) => {
        expect(tokenScopeCovers(base, base)).toBe(true);
        expect(tokenScopeCovers(base, `${base}+${suffix}`)).toBe(true);
        expect(tokenScopeCovers(`${base}+${suffix}`, base)).toBe(false);
        expect(tokenScopeCovers(base, other)).toBe(base === other);
        expect(tokenScopeCovers(`${base}+${suffix}`, `${base}+${other}`)).toBe(suffix === other);
      }),
    );
  });

  it('refuses any change to a token: payload or signature', () => {
    const signed = token('live', NOW + HOUR);
    fc.assert(
      fc.property(
        fc.nat({ max: signed.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        (index, char) => {
          fc.pre(signed[index] !== char && signed[index] !== '.');
          const tampered = signed.slice(0, index) + char + signed.slice(index + 1);
          const result = verifyViewerToken(SECRET, tampered, 'live', NOW);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a payload re-signed with a guessed secret, or swapped from another token', () => {
    const forTheirs = token('theirs', NOW + 1000 * HOUR);
    const ours = token('live');
    const swapped = `${forTheirs.split('.')[0]}.${ours.split('.')[1]}`;
    expect(verifyViewerToken(SECRET, swapped, 'theirs', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('calls garbage malformed, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), nameArb, (garbage, stream) => {
        const result = verifyViewerToken(SECRET, garbage, stream, NOW);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
    for (const garbage of ['', '.', 'a.b', 'abc', `${'a'.repeat(2000)}.${'b'.repeat(43)}`, 'a.b.c']) {
      expect(verifyViewerToken(SECRET, garbage, 'live', NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('calls a well-signed payload that is not claims malformed', () => {
    for (const json of ['[]', '{"s":"live"}', '{"s":"../x","e":1}', '{"s":"live","e":"soon"}', 'nope']) {
      const payload = Buffer.from(json).toString('base64url');
      const sig = createHmac('sha256', SECRET).update(payload).digest('base64url');
      expect(verifyViewerToken(SECRET, `${payload}.${sig}`, 'live', NOW)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('refuses to sign for an invalid stream, a bad expiry or an empty secret', () => {
    expect(() => token('../etc')).toThrow(RangeError);
    expect(() => token('live', Number.NaN)).toThrow(RangeError);
    expect(() => token('live', NOW, '')).toThrow(RangeError);
  });
});
