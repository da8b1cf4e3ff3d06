import type { BlockingHook } from '../config-file/stream-settings';
import type { Logger } from '../util/logger';
import { readHookAnswer, type HookVerdict } from './hook-answer';
import { postJson } from './post-json';
import { describeOutcome } from './retry-policy';

/** A blocking hook's verdict and whether the hook itself gave it or its default did. */
export type HookDecision = HookVerdict & { decidedBy: 'hook' | 'default' };

export interface PushRewriteRequest {
  /** The name in the WHIP URL. */
  stream: string;
  /** The WHIP `Authorization: Bearer` token, or null. */
  key: string | null;
  ip: string;
  userAgent: string;
}

export interface UserNewRequest {
  stream: string;
  /** The output asked for: `whep`, `ll-hls`, `ws-mp4`, ... */
  protocol: string;
  ip: string;
  userAgent: string;
  /** The viewer token the request carried, if any. */
  token?: string;
}

/**
 * One POST of `{event, time, ...payload}` to a blocking hook, no retry: the caller (a publisher or
 * viewer) is waiting. A 2xx answer is read by `readHookAnswer`; a timeout (`hook.timeoutMs`), a
 * network failure or any other status means the hook did not decide, and `hook.default` applies
 * (logged at warn, so a hook that is down is noticed).
 */
export async function callBlockingHook(
  hook: BlockingHook,
  event: 'push_rewrite' | 'user_new',
  payload: PushRewriteRequest | UserNewRequest,
  log: Logger,
): Promise<HookDecision> {
  const body = JSON.stringify({ event, time: Date.now(), ...payload });
  const result = await postJson(hook.url, body, { timeoutMs: hook.timeoutMs });
  if (result.outcome.kind === 'response' && result.body !== undefined) {
    return { ...readHookAnswer(event, result.body), decidedBy: 'hook' };
  }
  const failure = describeOutcome(result.outcome);
  log.warn(
    {
      url: hook.url,
      event,
      stream: payload.stream,
      ...(result.outcome.kind === 'response' ? { status: result.outcome.status } : { error: failure }),
      default: hook.default,
    },
    `${event} hook ${hook.url} did not decide (${failure}${result.outcome.kind === 'timeout' ? ` after ${hook.timeoutMs} ms` : ''}); default: ${hook.default}`,
  );
  return hook.default === 'allow'
    ? { allow: true, decidedBy: 'default' }
    : {
        allow: false,
        reason: `the ${event} hook did not answer (${failure}); default is deny`,
        decidedBy: 'default',
      };
}

/** `push_rewrite`: may `key` publish, and under which name (`stream` when the hook renamed it). */
export function askPushRewrite(
  hook: BlockingHook,
  request: PushRewriteRequest,
  log: Logger,
): Promise<HookDecision> {
  return callBlockingHook(hook, 'push_rewrite', request, log);
}

/** `user_new`: may this viewer watch. For the viewer gate: `(payload) => askUserNew(hook, payload, log)`. */
export async function askUserNew(hook: BlockingHook, request: UserNewRequest, log: Logger): Promise<boolean> {
  const decision = await callBlockingHook(hook, 'user_new', request, log);
  if (!decision.allow && decision.decidedBy === 'hook') {
    log.info(
      { stream: request.stream, protocol: request.protocol, ip: request.ip, reason: decision.reason },
      `viewer of ${request.stream} refused by the user_new hook: ${decision.reason}`,
    );
  }
  return decision.allow;
}

/**
 * The `userNew` check the viewer gate takes, reading the hook from the running config at each call
 * (a reloaded file applies at once): no hook configured, everyone is let in.
 */
export function userNewCheck(
  hookOf: () => BlockingHook | undefined,
  log: Logger,
): (request: UserNewRequest) => Promise<boolean> {
  return (request) => {
    const hook = hookOf();
    return hook ? askUserNew(hook, request, log) : Promise.resolve(true);
  };
}
