import { describe, expect, it } from 'vitest';
import type { ConfigDocument } from '../config-file/config-document';
import { settingsFor } from '../config-file/stream-settings';
import { memoryLogger } from '../testing/memory-logger';
import { PublishAccessError } from './publish-access-error';
import { PublishGate } from './publish-gate';

const document: ConfigDocument = {
  streams: {
    live: { auth: { publishKeys: ['publisher-key-1234', 'backup-key-5678'] } },
    studio: { auth: { allowPublishFrom: ['10.0.0.0/8', '::1'] } },
    both: { auth: { publishKeys: ['both-key-12345'], allowPublishFrom: ['192.0.2.0/24'] } },
  },
};

function gate() {
  const logger = memoryLogger();
  const publishGate = new PublishGate({
    settingsFor: (name) => settingsFor(document, name, '/'),
    pushRewriteHook: () => undefined,
    log: logger.log,
  });
  return { gate: publishGate, ...logger };
}

const attempt = (stream: string, authorization?: string, ip = '127.0.0.1') => ({
  stream,
  authorization,
  ip,
  userAgent: 'test',
});

async function refusal(promise: Promise<unknown>): Promise<PublishAccessError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishAccessError);
  return error as PublishAccessError;
}

describe('PublishGate (keys and allow-lists, no hook)', () => {
  it('lets anyone publish to a stream without keys or allow-list', async () => {
    const { gate: g } = gate();
    expect(await g.admit(attempt('open'))).toEqual({ stream: 'open', token: null, viaHook: false });
  });

  it('asks for one of the stream keys, wildcards included', async () => {
    const { gate: g, at } = gate();
    expect(await g.admit(attempt('live', 'Bearer backup-key-5678'))).toEqual({
      stream: 'live',
      token: 'backup-key-5678',
      viaHook: false,
    });
    expect(await g.admit(attempt('live+alice', 'Bearer publisher-key-1234'))).toMatchObject({
      stream: 'live+alice',
    });
    const missing = await refusal(g.admit(attempt('live+alice')));
    expect(missing.code).toBe('auth/publish-key');
    expect(missing.challenge).toBe('Bearer realm="whip"');
    const wrong = await refusal(g.admit(attempt('live', 'Bearer publisher-key-9999', '192.0.2.50')));
    expect(wrong.code).toBe('auth/publish-key');
    expect(wrong.challenge).toContain('error="invalid_token"');
    expect(await refusal(g.admit(attempt('live', 'Basic cHVibGlzaGVyLWtleS0xMjM0')))).toMatchObject({
      code: 'auth/publish-key',
    });
    expect(at('warn').map((line) => line.fields)).toContainEqual(
      expect.objectContaining({ stream: 'live', ip: '192.0.2.50', code: 'auth/publish-key' }),
    );
    expect(at('info').map((line) => line.fields)).toContainEqual(
      expect.objectContaining({ stream: 'live+alice', ip: '127.0.0.1' }),
    );
  });

  it('checks the allow-list first', async () => {
    const { gate: g } = gate();
    expect(await g.admit(attempt('studio', undefined, '10.2.3.4'))).toMatchObject({ stream: 'studio' });
    expect(await g.admit(attempt('studio+cam2', undefined, '::ffff:10.2.3.4'))).toMatchObject({
      stream: 'studio+cam2',
    });
    expect(await refusal(g.admit(attempt('studio', undefined, '127.0.0.1')))).toMatchObject({
      code: 'auth/ip-not-allowed',
    });
    // Both set: a right key from a wrong address is refused for the address.
    expect(await refusal(g.admit(attempt('both', 'Bearer both-key-12345', '10.0.0.1')))).toMatchObject({
      code: 'auth/ip-not-allowed',
    });
    expect(await g.admit(attempt('both', 'Bearer both-key-12345', '192.0.2.9'))).toMatchObject({
      stream: 'both',
    });
  });

  it('holds a session to the token that created it, or to the keys', () => {
    const { gate: g } = gate();
    const grant = { stream: 'live', token: 'publisher-key-1234', viaHook: false };
    expect(() => g.checkSession('live', grant, 'Bearer publisher-key-1234', '::1')).not.toThrow();
    expect(() => g.checkSession('live', grant, 'Bearer backup-key-5678', '::1')).toThrow(PublishAccessError);
    expect(() => g.checkSession('live', grant, undefined, '::1')).toThrow(PublishAccessError);
    // Unknown session (or one that started before keys were set): any current key.
    expect(() => g.checkSession('live', undefined, 'Bearer backup-key-5678', '::1')).not.toThrow();
    expect(() => g.checkSession('live', undefined, undefined, '::1')).toThrow(PublishAccessError);
    expect(() => g.checkSession('open', undefined, undefined, '::1')).not.toThrow();
    // Let in by the hook without a token: the session URL is its capability.
    expect(() =>
      g.checkSession('live', { stream: 'live', token: null, viaHook: true }, undefined, '::1'),
    ).not.toThrow();
  });
});
