import { ErrorCodes } from '@brume/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigDocument } from '../config-file/config-document';
import { settingsFor } from '../config-file/stream-settings';
import { ViewerAnswerCache } from './viewer-answer-cache';
import { ViewerGate, type UserNewPayload, type ViewerArrival, type ViewerGateConfig } from './viewer-gate';
import { signViewerToken } from './viewer-token';

const SECRET = 'gate-secret';
const NOW = 1_764_000_000_000;

function configOf(document: ConfigDocument): ViewerGateConfig & { document: ConfigDocument } {
  return { document, settingsFor: (name) => settingsFor(document, name, '/') };
}

const PROTECTED: ConfigDocument = {
  auth: { viewerTokenSecret: SECRET },
  streams: { live: { auth: { viewerToken: true } }, open: {} },
};

const arrival = (overrides: Partial<ViewerArrival> = {}): ViewerArrival => ({
  stream: 'live',
  protocol: 'll-hls',
  ip: '127.0.0.1',
  userAgent: 'test/1',
  polled: true,
  ...overrides,
});

async function refusal(promise: Promise<void>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('ViewerGate: tokens', () => {
  it('asks nothing of a stream without tokens, and guards one with', async () => {
    const gate = new ViewerGate({ config: configOf(PROTECTED), now: () => NOW });
    expect(gate.guards('open')).toBe(false);
    expect(gate.guards('unlisted')).toBe(false);
    expect(gate.guards('live')).toBe(true);
    expect(gate.guards('live+alice')).toBe(true);
    await expect(gate.admit(arrival({ stream: 'open' }))).resolves.toBeUndefined();
  });

  it('refuses a missing token 401, a bad one 403 with why, and admits a good one', async () => {
    const gate = new ViewerGate({ config: configOf(PROTECTED), now: () => NOW });
    expect(await refusal(gate.admit(arrival()))).toBe(ErrorCodes.viewerTokenRequired);
    expect(await refusal(gate.admit(arrival({ token: 'garbage' })))).toBe(ErrorCodes.viewerTokenInvalid);
    const expired = signViewerToken(SECRET, { stream: 'live', expiresAtMs: NOW });
    await expect(gate.admit(arrival({ token: expired }))).rejects.toThrow(/expired/);
    const other = signViewerToken(SECRET, { stream: 'other', expiresAtMs: NOW + 1000 });
    await expect(gate.admit(arrival({ token: other }))).rejects.toThrow(/another stream/);
    const good = signViewerToken(SECRET, { stream: 'live', expiresAtMs: NOW + 1000 });
    await expect(gate.admit(arrival({ token: good, stream: 'live+alice' }))).resolves.toBeUndefined();
  });

  it('refuses every viewer of a token stream while no secret is set (503), and reads the config live', async () => {
    const config = configOf({ streams: { live: { auth: { viewerToken: true } } } });
    const warn = vi.fn();
    const log = { info: vi.fn(), warn, error: vi.fn(), debug: vi.fn(), child: vi.fn() };
    const gate = new ViewerGate({ config, now: () => NOW, log });
    const good = signViewerToken(SECRET, { stream: 'live', expiresAtMs: NOW + 1000 });
    expect(await refusal(gate.admit(arrival({ token: good })))).toBe(ErrorCodes.viewerTokenUnconfigured);
    expect(await refusal(gate.admit(arrival({ token: good })))).toBe(ErrorCodes.viewerTokenUnconfigured);
    expect(warn).toHaveBeenCalledTimes(1);
    config.document = { ...config.document, auth: { viewerTokenSecret: SECRET } };
    await expect(gate.admit(arrival({ token: good }))).resolves.toBeUndefined();
  });
});

it('ViewerGate: a secret given to it (the environment) wins over the file', async () => {
  const gate = new ViewerGate({ config: configOf(PROTECTED), secret: 'from-the-env', now: () => NOW });
  const fileSigned = signViewerToken(SECRET, { stream: 'live', expiresAtMs: NOW + 1000 });
  const envSigned = signViewerToken('from-the-env', { stream: 'live', expiresAtMs: NOW + 1000 });
  expect(await refusal(gate.admit(arrival({ token: fileSigned })))).toBe(ErrorCodes.viewerTokenInvalid);
  await expect(gate.admit(arrival({ token: envSigned }))).resolves.toBeUndefined();
});

describe('ViewerGate: user_new', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const withHook = (extra: ConfigDocument = {}): ConfigDocument => ({
    triggers: { user_new: { url: 'http://127.0.0.1:9/user_new', timeoutMs: 500, default: 'deny' } },
    ...extra,
  });

  it('is not called while the config has no user_new, even when wired', async () => {
    const hook = vi.fn(async () => false);
    const gate = new ViewerGate({ config: configOf({}), userNew: hook });
    expect(gate.guards('live')).toBe(false);
    await gate.admit(arrival());
    expect(hook).not.toHaveBeenCalled();
  });

  it('asks with the viewer, and refuses with auth/viewer-refused', async () => {
    const payloads: UserNewPayload[] = [];
    const gate = new ViewerGate({
      config: configOf(withHook()),
      userNew: async (payload) => {
        payloads.push(payload);
        return payload.userAgent !== 'bad';
      },
    });
    expect(gate.guards('live')).toBe(true);
    await gate.admit(arrival({ protocol: 'whep', polled: false, token: 'custom' }));
    expect(payloads).toEqual([
      { stream: 'live', protocol: 'whep', ip: '127.0.0.1', userAgent: 'test/1', token: 'custom' },
    ]);
    expect(await refusal(gate.admit(arrival({ userAgent: 'bad', polled: false })))).toBe(
      ErrorCodes.viewerRefused,
    );
  });

  it('checks the token before asking the hook', async () => {
    const hook = vi.fn(async () => true);
    const gate = new ViewerGate({ config: configOf(withHook(PROTECTED)), userNew: hook, now: () => NOW });
    expect(await refusal(gate.admit(arrival()))).toBe(ErrorCodes.viewerTokenRequired);
    expect(hook).not.toHaveBeenCalled();
  });

  it('asks once per polled client while its answer holds, each time for session outputs', async () => {
    let now = NOW;
    const hook = vi.fn(async () => true);
    const gate = new ViewerGate({
      config: configOf(withHook()),
      userNew: hook,
      answerTtlMs: 1000,
      now: () => now,
    });
    await Promise.all([gate.admit(arrival()), gate.admit(arrival()), gate.admit(arrival())]);
    expect(hook).toHaveBeenCalledTimes(1);
    await gate.admit(arrival({ userAgent: 'other/2' }));
    await gate.admit(arrival({ token: 't' }));
    await gate.admit(arrival({ protocol: 'll-dash' }));
    expect(hook).toHaveBeenCalledTimes(4);
    now += 1000;
    await gate.admit(arrival());
    expect(hook).toHaveBeenCalledTimes(5);
    await gate.admit(arrival({ protocol: 'mp4', polled: false }));
    await gate.admit(arrival({ protocol: 'mp4', polled: false }));
    expect(hook).toHaveBeenCalledTimes(7);
  });

  it('keeps a refusal for a polled client too', async () => {
    const hook = vi.fn(async () => false);
    const gate = new ViewerGate({ config: configOf(withHook()), userNew: hook });
    expect(await refusal(gate.admit(arrival()))).toBe(ErrorCodes.viewerRefused);
    expect(await refusal(gate.admit(arrival()))).toBe(ErrorCodes.viewerRefused);
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('answers with the default when the hook is slower than its timeout, or fails', async () => {
    vi.useFakeTimers();
    const never = () => new Promise<boolean>(() => {});
    const deny = new ViewerGate({ config: configOf(withHook()), userNew: never });
    const denied = refusal(deny.admit(arrival()));
    await vi.advanceTimersByTimeAsync(499);
    let settled = false;
    void denied.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await denied).toBe(ErrorCodes.viewerRefused);

    const allowing = withHook();
    allowing.triggers!.user_new!.default = 'allow';
    const allow = new ViewerGate({ config: configOf(allowing), userNew: never });
    const allowed = refusal(allow.admit(arrival({ polled: false })));
    await vi.advanceTimersByTimeAsync(500);
    expect(await allowed).toBeUndefined();

    const failing = new ViewerGate({
      config: configOf(allowing),
      userNew: () => {
        throw new Error('boom');
      },
    });
    expect(await refusal(failing.admit(arrival({ polled: false })))).toBeUndefined();
    const rejecting = new ViewerGate({
      config: configOf(withHook()),
      userNew: () => Promise.reject(new Error('down')),
    });
    expect(await refusal(rejecting.admit(arrival({ polled: false })))).toBe(ErrorCodes.viewerRefused);
  });

  it('a slow answer within the timeout is the answer, and dispose leaves no timer', async () => {
    vi.useFakeTimers();
    const slow = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 400));
    const gate = new ViewerGate({ config: configOf(withHook()), userNew: slow });
    const admitted = refusal(gate.admit(arrival()));
    await vi.advanceTimersByTimeAsync(400);
    expect(await admitted).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    void gate.admit(arrival({ polled: false })).catch(() => {});
    await Promise.resolve();
    gate.dispose();
    // Only the fake hook's own timer is left.
    expect(vi.getTimerCount()).toBe(1);
  });
});

describe('ViewerAnswerCache', () => {
  it('expires entries and holds at most its capacity, oldest dropped first', () => {
    const cache = new ViewerAnswerCache<number>(100, 3);
    cache.set('a', 1, 0);
    cache.set('b', 2, 10);
    cache.set('c', 3, 20);
    expect(cache.get('a', 99)).toBe(1);
    cache.set('d', 4, 30);
    expect(cache.size).toBe(3);
    expect(cache.get('a', 30)).toBeUndefined();
    expect(cache.get('b', 109)).toBe(2);
    expect(cache.get('b', 110)).toBeUndefined();
    // Expired entries at the front go when something is added.
    cache.set('e', 5, 125);
    expect(cache.size).toBe(2);
    expect(cache.get('d', 125)).toBe(4);
  });
});
