import { describe, expect, it } from 'vitest';
import { readHookAnswer } from './hook-answer';

describe('readHookAnswer', () => {
  it('reads MistServer-style plain text', () => {
    for (const text of ['true', '1', ' TRUE\n'])
      expect(readHookAnswer('user_new', text)).toEqual({ allow: true });
    for (const text of ['false', '0', '']) expect(readHookAnswer('user_new', text).allow).toBe(false);
    expect(readHookAnswer('push_rewrite', 'live+alice\n')).toEqual({ allow: true, stream: 'live+alice' });
    expect(readHookAnswer('push_rewrite', '')).toMatchObject({
      allow: false,
      reason: expect.stringContaining('empty'),
    });
  });

  it('reads JSON answers', () => {
    expect(readHookAnswer('user_new', '{"allow": true}')).toEqual({ allow: true });
    expect(readHookAnswer('user_new', '{"allow": false}')).toMatchObject({ allow: false });
    expect(readHookAnswer('push_rewrite', '{"stream": "live+bob"}')).toEqual({
      allow: true,
      stream: 'live+bob',
    });
    expect(readHookAnswer('push_rewrite', '{"allow": true, "stream": "news"}')).toEqual({
      allow: true,
      stream: 'news',
    });
    expect(readHookAnswer('push_rewrite', '{"allow": true}')).toEqual({ allow: true });
    expect(readHookAnswer('push_rewrite', '{"allow": false, "reason": "key revoked"}')).toEqual({
      allow: false,
      reason: 'key revoked',
    });
  });

  it('refuses what it cannot read, and invalid stream names', () => {
    expect(readHookAnswer('user_new', 'maybe').allow).toBe(false);
    expect(readHookAnswer('user_new', '{"allow": "yes"}').allow).toBe(false);
    expect(readHookAnswer('user_new', '{not json').allow).toBe(false);
    expect(readHookAnswer('user_new', '[true]').allow).toBe(false);
    // A user_new hook cannot rename anything: a stream field means nothing there.
    expect(readHookAnswer('user_new', '{"stream": "x"}').allow).toBe(false);
    expect(readHookAnswer('push_rewrite', '../etc/passwd')).toMatchObject({
      allow: false,
      reason: expect.stringContaining('invalid stream name'),
    });
    expect(readHookAnswer('push_rewrite', '{"stream": "a b"}').allow).toBe(false);
    expect(readHookAnswer('push_rewrite', '{"stream": 42}').allow).toBe(false);
    expect(readHookAnswer('push_rewrite', 'x'.repeat(65)).allow).toBe(false);
  });
});
