import type { ViewerProtocol } from '@brume/protocol';
import type { ConfigDocument } from '../config-file/config-document';
import { triggersOf, type StreamSettings } from '../config-file/stream-settings';
import type { Logger } from '../util/logger';
import { ViewerAccessError } from './viewer-access-error';
import { ViewerAnswerCache } from './viewer-answer-cache';
import { verifyViewerToken } from './viewer-token';

/** Every output a viewer can open: the session protocols, and clips. */
export type ViewerOutput = ViewerProtocol | 'clip';

/** What the `user_new` hook is asked about one new viewer. */
export interface UserNewPayload {
  stream: string;
  protocol: ViewerOutput;
  ip: string;
  userAgent: string;
  /** The token the viewer presented (`?token=` or Bearer), checked or not: the hook may use its own. */
  token?: string;
}

/** Answers whether a new viewer may watch (the webhook client; tests inject fakes). */
export type UserNewHook = (payload: UserNewPayload) => Promise<boolean>;

/** Where the gate reads the running config, at each request (a reloaded file applies at once). */
export interface ViewerGateConfig {
  readonly document: ConfigDocument;
  settingsFor(name: string): StreamSettings | undefined;
}

export interface ViewerGateOptions {
  config: ViewerGateConfig;
  userNew?: UserNewHook | undefined;
  /** Overrides the file's `auth.viewerTokenSecret` (`BRUME_VIEWER_TOKEN_SECRET`: env over file). */
  secret?: string | undefined;
  /** How long an HLS/DASH client's `user_new` answer holds. */
  answerTtlMs?: number;
  /** Answers kept at most (oldest dropped first). */
  maxAnswers?: number;
  now?: () => number;
  log?: Logger;
}

export interface ViewerArrival extends UserNewPayload {
  /**
   * An HLS/DASH request: one of many by the same client, so `user_new` is asked once per client
   * (stream, protocol, address, User-Agent, token) and its answer kept for `answerTtlMs`; every
   * other output is one session per request and is asked each time.
   */
  polled: boolean;
}

const DEFAULT_ANSWER_TTL_MS = 60_000;
const DEFAULT_MAX_ANSWERS = 10_000;

/**
 * Decides whether a viewer may open an output of a stream: a signed viewer token when the stream's
 * settings ask for one (`auth.viewerToken`, checked with `auth.viewerTokenSecret`), then the
 * `user_new` hook when the config has one and a hook is wired. Refusals are `ViewerAccessError`s.
 * A stream that asks for nothing costs no call and no allocation beyond a settings lookup.
 */
export class ViewerGate {
  private readonly answers: ViewerAnswerCache<Promise<boolean>>;
  private readonly now: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private warnedUnconfigured = false;

  constructor(private readonly options: ViewerGateOptions) {
    this.answers = new ViewerAnswerCache(
      options.answerTtlMs ?? DEFAULT_ANSWER_TTL_MS,
      options.maxAnswers ?? DEFAULT_MAX_ANSWERS,
    );
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether viewers of `stream` need anything checked: false for a stream without tokens when no
   * `user_new` hook is configured (callers skip {@link admit} and its promise).
   */
  guards(stream: string): boolean {
    return this.needsToken(stream) || this.userNewConfigured();
  }

  /** Resolves when the viewer may watch; rejects with a `ViewerAccessError` otherwise. */
  async admit(arrival: ViewerArrival): Promise<void> {
    this.checkToken(arrival.stream, arrival.token);
    const hook = this.options.userNew;
    if (!hook || !this.userNewConfigured()) return;
    if (!(await this.askUserNew(hook, arrival))) throw ViewerAccessError.refused(arrival.stream);
  }

  /** Throws unless `token` opens `stream` (or the stream asks for no token). */
  checkToken(stream: string, token: string | undefined): void {
    if (!this.needsToken(stream)) return;
    const secret = this.options.secret || this.options.config.document.auth?.viewerTokenSecret;
    if (!secret) {
      if (!this.warnedUnconfigured) {
        this.warnedUnconfigured = true;
        this.options.log?.warn(
          { stream },
          `stream ${stream} asks for viewer tokens but auth.viewerTokenSecret is not set: its viewers get 503`,
        );
      }
      throw ViewerAccessError.unconfigured(stream);
    }
    if (token === undefined || token === '') throw ViewerAccessError.tokenRequired(stream);
    const result = verifyViewerToken(secret, token, stream, this.now());
    if (!result.ok) throw ViewerAccessError.tokenInvalid(stream, result.reason);
  }

  /** Forgets every kept answer. */
  dispose(): void {
    this.answers.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private needsToken(stream: string): boolean {
    // Without stream entries no stream can ask for a token: skip the settings lookup.
    if (this.options.config.document.streams === undefined) return false;
    return this.options.config.settingsFor(stream)?.auth.viewerToken === true;
  }

  private userNewConfigured(): boolean {
    return (
      this.options.userNew !== undefined && this.options.config.document.triggers?.user_new !== undefined
    );
  }

  private askUserNew(hook: UserNewHook, arrival: ViewerArrival): Promise<boolean> {
    const payload: UserNewPayload = {
      stream: arrival.stream,
      protocol: arrival.protocol,
      ip: arrival.ip,
      userAgent: arrival.userAgent,
      ...(arrival.token === undefined ? {} : { token: arrival.token }),
    };
    if (!arrival.polled) return this.callHook(hook, payload);
    const key = [payload.stream, payload.protocol, payload.ip, payload.userAgent, payload.token ?? ''].join(
      '\n',
    );
    const now = this.now();
    const kept = this.answers.get(key, now);
    if (kept) return kept;
    // The promise is kept, not the answer: a client's requests while the hook thinks share one call.
    const answer = this.callHook(hook, payload);
    this.answers.set(key, answer, now);
    return answer;
  }

  /**
   * The hook's answer, or the configured default when it fails or takes longer than its
   * `timeoutMs` (the webhook client bounds its own calls too; this bounds any hook).
   */
  private callHook(hook: UserNewHook, payload: UserNewPayload): Promise<boolean> {
    const settings = triggersOf(this.options.config.document).user_new;
    const fallback = settings?.default === 'allow';
    const timeoutMs = settings?.timeoutMs ?? 0;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.options.log?.warn(
          { stream: payload.stream, protocol: payload.protocol, timeoutMs },
          `user_new did not answer within ${timeoutMs} ms: ${fallback ? 'allowed' : 'refused'} by default`,
        );
        resolve(fallback);
      }, timeoutMs);
      this.timers.add(timer);
      const settle = (allowed: boolean) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(allowed);
      };
      // A hook that throws at once is a failed hook like one that rejects.
      Promise.resolve(payload)
        .then(hook)
        .then(
          (allowed) => settle(allowed === true),
          (error: unknown) => {
            this.options.log?.warn(
              { err: error, stream: payload.stream },
              `user_new failed: ${fallback ? 'allowed' : 'refused'} by default`,
            );
            settle(fallback);
          },
        );
    });
  }
}
