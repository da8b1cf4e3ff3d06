import type { BlockingHook, StreamSettings } from '../config-file/stream-settings';
import type { Logger } from '../util/logger';
import { askPushRewrite, type PushRewriteRequest } from '../webhooks/blocking-hook';
import { allowListOf, type AllowList } from './ip-allow-list';
import { PublishAccessError } from './publish-access-error';
import { bearerToken, keyMatches } from './publish-key';

/** A WHIP POST as access control sees it. */
export interface PublishAttempt {
  /** The name in the URL. */
  stream: string;
  /** The `Authorization` header. */
  authorization: string | string[] | undefined;
  ip: string;
  userAgent: string;
}

/** What a granted publish may do, remembered for its session's PATCH and DELETE. */
export interface PublishGrant {
  /** The stream to publish under: the URL's name, or the `push_rewrite` hook's answer. */
  stream: string;
  /** The Bearer token it came with. */
  token: string | null;
  /** Let in by the `push_rewrite` hook rather than by the stream's keys. */
  viaHook: boolean;
}

export interface PublishGateOptions {
  /** Read at every request, so a reloaded config file applies to the next publish. */
  settingsFor(name: string): StreamSettings | undefined;
  pushRewriteHook(): BlockingHook | undefined;
  log: Logger;
}

/**
 * Who may publish, and under which name. In order: the URL stream's `allowPublishFrom`; then, if
 * a `push_rewrite` hook is configured, the hook (it maps the Bearer key to a stream name, or
 * refuses; the new name's allow-list applies too, its keys do not), else the stream's
 * `publishKeys` (compared in constant time). Every refusal is logged with stream, address and
 * reason, and thrown as a `PublishAccessError` before anything is created for the request.
 */
export class PublishGate {
  /** Allow-lists whose invalid entries were logged (once per list, not per request). */
  private readonly warned = new WeakSet<AllowList>();

  constructor(private readonly options: PublishGateOptions) {}

  async admit(attempt: PublishAttempt): Promise<PublishGrant> {
    const { stream, ip } = attempt;
    const settings = this.options.settingsFor(stream);
    const token = bearerToken(attempt.authorization);
    // An invalid name: the route refuses it (400) next.
    if (!settings) return { stream, token, viaHook: false };
    this.checkAddress(stream, settings, ip);

    const hook = this.options.pushRewriteHook();
    if (hook) {
      const request: PushRewriteRequest = { stream, key: token, ip, userAgent: attempt.userAgent };
      const decision = await askPushRewrite(hook, request, this.options.log);
      if (!decision.allow)
        throw this.refuse(PublishAccessError.pushRefused(stream, decision.reason), stream, ip, 'info');
      const target = decision.stream ?? stream;
      if (target !== stream) {
        const targetSettings = this.options.settingsFor(target);
        if (targetSettings) this.checkAddress(target, targetSettings, ip);
        this.options.log.info(
          { stream, publishedAs: target, ip, decidedBy: decision.decidedBy },
          `push_rewrite: publish to ${stream} goes to ${target}`,
        );
      }
      return { stream: target, token, viaHook: true };
    }

    const keys = settings.auth.publishKeys;
    if (keys.length > 0) {
      if (token === null) throw this.refuse(PublishAccessError.missingKey(stream), stream, ip, 'info');
      if (!keyMatches(token, keys))
        throw this.refuse(PublishAccessError.wrongKey(stream), stream, ip, 'warn');
    }
    return { stream, token, viaHook: false };
  }

  /**
   * PATCH/DELETE of a WHIP session of `stream`: a session created with a token needs that token;
   * one created without, while the stream now has keys (the file changed), needs one of them;
   * one the hook let in without a token needs none (its capability is the session URL).
   */
  checkSession(
    stream: string,
    grant: PublishGrant | undefined,
    authorization: string | string[] | undefined,
    ip: string,
  ): void {
    const token = bearerToken(authorization);
    if (grant?.token) {
      if (token === null || !keyMatches(token, [grant.token])) {
        throw this.refuse(PublishAccessError.sessionKey(stream), stream, ip, 'warn');
      }
      return;
    }
    if (grant?.viaHook) return;
    const keys = this.options.settingsFor(stream)?.auth.publishKeys ?? [];
    if (keys.length === 0) return;
    if (token === null) throw this.refuse(PublishAccessError.missingKey(stream), stream, ip, 'info');
    if (!keyMatches(token, keys)) throw this.refuse(PublishAccessError.wrongKey(stream), stream, ip, 'warn');
  }

  private checkAddress(stream: string, settings: StreamSettings, ip: string): void {
    const entries = settings.auth.allowPublishFrom;
    if (entries.length === 0) return;
    const list = allowListOf(entries);
    if (list.invalid.length > 0 && !this.warned.has(list)) {
      this.warned.add(list);
      this.options.log.warn(
        { stream, invalid: list.invalid },
        `allowPublishFrom of ${stream} has entries that are not addresses or CIDR ranges (ignored): ${list.invalid.join(', ')}`,
      );
    }
    if (!list.allows(ip)) throw this.refuse(PublishAccessError.ipNotAllowed(stream, ip), stream, ip, 'warn');
  }

  private refuse(
    error: PublishAccessError,
    stream: string,
    ip: string,
    level: 'info' | 'warn',
  ): PublishAccessError {
    this.options.log[level](
      { stream, ip, code: error.code, reason: error.message },
      `publish refused from ${ip}: ${error.message}`,
    );
    return error;
  }
}
