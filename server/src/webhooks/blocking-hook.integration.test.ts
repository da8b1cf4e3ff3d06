import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlockingHook } from '../config-file/stream-settings';
import { memoryLogger } from '../testing/memory-logger';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { askPushRewrite, askUserNew, userNewCheck } from './blocking-hook';

const push = { stream: 'incoming', key: 'secret-key-1', ip: '127.0.0.1', userAgent: 'obs' };
const viewer = { stream: 'live', protocol: 'whep', ip: '127.0.0.1', userAgent: 'chrome' };

describe('blocking hooks against a test receiver', () => {
  let receiver: WebhookReceiver;
  const hook = (path: string, rest: Partial<BlockingHook> = {}): BlockingHook => ({
    url: receiver.url(path),
    timeoutMs: 3000,
    default: 'deny',
    ...rest,
  });

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('sends the event and payload, and reads JSON answers', async () => {
    const { log } = memoryLogger();
    receiver.plan(
      '/push',
      { body: '{"stream": "live+alice"}', contentType: 'application/json' },
      { body: '{"allow": false, "reason": "revoked"}', contentType: 'application/json' },
      { body: '{"allow": true}', contentType: 'application/json' },
    );
    expect(await askPushRewrite(hook('/push'), push, log)).toEqual({
      allow: true,
      stream: 'live+alice',
      decidedBy: 'hook',
    });
    expect(receiver.to('/push')[0]?.json).toEqual({
      event: 'push_rewrite',
      time: expect.any(Number),
      ...push,
    });
    expect(await askPushRewrite(hook('/push'), push, log)).toEqual({
      allow: false,
      reason: 'revoked',
      decidedBy: 'hook',
    });
    expect(await askPushRewrite(hook('/push'), push, log)).toEqual({ allow: true, decidedBy: 'hook' });
  });

  it('reads MistServer-style text answers: a bare name, true/false, empty refuses', async () => {
    const { log } = memoryLogger();
    receiver.plan('/push', { body: 'live+bob\n' }, { body: '' });
    expect(await askPushRewrite(hook('/push'), push, log)).toMatchObject({ allow: true, stream: 'live+bob' });
    expect(await askPushRewrite(hook('/push'), push, log)).toMatchObject({ allow: false, decidedBy: 'hook' });
    receiver.plan('/viewer', { body: 'true' }, { body: '0' }, { body: '1' });
    expect(await askUserNew(hook('/viewer'), viewer, log)).toBe(true);
    expect(await askUserNew(hook('/viewer'), viewer, log)).toBe(false);
    expect(await askUserNew(hook('/viewer'), viewer, log)).toBe(true);
    expect(receiver.to('/viewer')[0]?.json).toMatchObject({ event: 'user_new', ...viewer });
  });

  it('applies the default when the hook is too slow, logged', async () => {
    const { log, at } = memoryLogger();
    receiver.setDefault('/slow', { body: 'true', delayMs: 3000 });
    expect(await askUserNew(hook('/slow', { timeoutMs: 100, default: 'deny' }), viewer, log)).toBe(false);
    expect(await askUserNew(hook('/slow', { timeoutMs: 100, default: 'allow' }), viewer, log)).toBe(true);
    const warnings = at('warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.fields).toMatchObject({ event: 'user_new', error: 'timeout', default: 'deny' });
    expect(warnings[0]?.msg).toContain('after 100 ms');
    const decision = await askPushRewrite(hook('/slow', { timeoutMs: 100 }), push, log);
    expect(decision).toMatchObject({ allow: false, decidedBy: 'default' });
  });

  it('applies the default on an error status or an unreachable hook, without retrying', async () => {
    const { log, at } = memoryLogger();
    receiver.setDefault('/broken', { status: 500, body: 'true' });
    expect(await askUserNew(hook('/broken', { default: 'allow' }), viewer, log)).toBe(true);
    expect(await askUserNew(hook('/broken'), viewer, log)).toBe(false);
    expect(receiver.to('/broken')).toHaveLength(2);
    expect(at('warn')[0]?.fields).toMatchObject({ status: 500, default: 'allow' });
    const gone: BlockingHook = { url: 'http://127.0.0.1:1/hook', timeoutMs: 3000, default: 'allow' };
    expect(await askPushRewrite(gone, push, log)).toEqual({ allow: true, decidedBy: 'default' });
  });

  it('userNewCheck reads the hook at each call; no hook lets everyone in', async () => {
    const { log } = memoryLogger();
    let current: BlockingHook | undefined = undefined;
    const check = userNewCheck(() => current, log);
    expect(await check(viewer)).toBe(true);
    expect(receiver.requests).toHaveLength(0);
    current = hook('/viewer');
    receiver.plan('/viewer', { body: 'false' });
    expect(await check({ ...viewer, token: 'abc' })).toBe(false);
    expect(receiver.to('/viewer')[0]?.json).toMatchObject({ token: 'abc' });
  });
});
