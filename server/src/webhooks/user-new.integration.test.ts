import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type BrumeServer } from '../index';
import { WebhookReceiver } from '../testing/webhook-receiver';

describe('server.userNew (the user_new hook of the running config)', () => {
  let server: BrumeServer;
  let receiver: WebhookReceiver;
  const viewer = {
    stream: 'live+alice',
    protocol: 'll-hls',
    ip: '127.0.0.1',
    userAgent: 'player',
    token: 't0k',
  };

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    server = await createServer({ port: 0, host: '127.0.0.1', logLevel: 'silent' });
  });

  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  it('lets everyone in without a hook, then asks the hook once one is configured', async () => {
    expect(await server.userNew(viewer)).toBe(true);
    server.configStore.update((draft) => {
      draft.triggers = { user_new: { url: receiver.url('/viewer'), timeoutMs: 3000, default: 'allow' } };
    });
    receiver.plan('/viewer', { body: '{"allow": false}', contentType: 'application/json' }, { body: 'true' });
    expect(await server.userNew(viewer)).toBe(false);
    expect(await server.userNew(viewer)).toBe(true);
    expect(receiver.to('/viewer')[0]?.json).toEqual({
      event: 'user_new',
      time: expect.any(Number),
      ...viewer,
    });
    // A hook that is too slow: its default.
    server.configStore.update((draft) => {
      draft.triggers = { user_new: { url: receiver.url('/viewer'), timeoutMs: 100, default: 'allow' } };
    });
    receiver.plan('/viewer', { body: 'false', delayMs: 3000 });
    expect(await server.userNew(viewer)).toBe(true);
  });
});
