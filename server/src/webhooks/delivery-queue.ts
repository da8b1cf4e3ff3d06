import type { Logger } from '../util/logger';
import { postJson } from './post-json';
import { describeOutcome, isDelivered, isRetryable, retryDelayMs } from './retry-policy';
import type { WebhooksConfig } from './webhook-config';

export interface QueuedNotification {
  /** For logs: `stream_start`. */
  event: string;
  /** The JSON body, serialised once. */
  body: string;
}

/**
 * The notifications bound for one URL, sent one at a time in the order they came, so a receiver
 * sees a stream's `stream_start` before its `stream_end` even when the first needed retries. A
 * failed try is retried with exponential backoff (`retry-policy.ts`); a receiver that stays down
 * makes the queue grow to `maxQueued`, after which the oldest waiting notification is dropped.
 */
export class DeliveryQueue {
  private readonly waiting: QueuedNotification[] = [];
  private current: QueuedNotification | undefined;
  private readonly cancel = new AbortController();
  private sleep: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;

  constructor(
    readonly url: string,
    private readonly config: WebhooksConfig,
    private readonly log: Logger,
    /** Called when the queue has nothing left (the notifier forgets it). */
    private readonly onIdle: (queue: DeliveryQueue) => void,
  ) {}

  /** Notifications waiting or being sent. */
  get size(): number {
    return this.waiting.length + (this.current ? 1 : 0);
  }

  push(notification: QueuedNotification): void {
    if (this.disposed) return;
    if (this.waiting.length >= this.config.maxQueued) {
      const dropped = this.waiting.shift();
      this.log.warn(
        { url: this.url, event: dropped?.event, queued: this.config.maxQueued },
        `webhook ${this.url} is not keeping up: ${this.config.maxQueued} notifications wait, the oldest (${dropped?.event}) is dropped`,
      );
    }
    this.waiting.push(notification);
    if (!this.current) void this.run();
  }

  /** Resolves once nothing waits (at once if nothing does). */
  whenIdle(): Promise<void> {
    if (this.size === 0 || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: the request in flight is cancelled, waits end, waiting notifications are dropped (logged). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const lost = this.size;
    if (lost > 0) {
      this.log.warn(
        { url: this.url, dropped: lost },
        `webhook ${this.url}: ${lost} notification(s) not sent`,
      );
    }
    this.waiting.length = 0;
    this.cancel.abort();
    if (this.sleep) {
      clearTimeout(this.sleep.timer);
      this.sleep.wake();
    }
    this.settle();
  }

  private async run(): Promise<void> {
    for (let next = this.waiting.shift(); next && !this.disposed; next = this.waiting.shift()) {
      this.current = next;
      await this.deliver(next);
      this.current = undefined;
    }
    this.current = undefined;
    this.settle();
    if (!this.disposed) this.onIdle(this);
  }

  private async deliver(notification: QueuedNotification): Promise<void> {
    const { attempts, requestTimeoutMs } = this.config;
    const { url } = this;
    const { event } = notification;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let outcome;
      try {
        ({ outcome } = await postJson(url, notification.body, {
          timeoutMs: requestTimeoutMs,
          signal: this.cancel.signal,
        }));
      } catch {
        return; // cancelled by dispose
      }
      if (isDelivered(outcome)) {
        this.log.debug({ url, event, attempt }, `webhook ${event} delivered to ${url}`);
        return;
      }
      const detail = {
        url,
        event,
        attempt,
        attempts,
        ...(outcome.kind === 'response' ? { status: outcome.status } : { error: describeOutcome(outcome) }),
      };
      const what = `webhook ${event} to ${url} failed (${describeOutcome(outcome)})`;
      if (!isRetryable(outcome)) {
        this.log.warn(detail, `${what} on try ${attempt}; the receiver refused it, not retried`);
        return;
      }
      if (attempt === attempts) {
        this.log.error(detail, `${what} on try ${attempt} of ${attempts}; giving up on this notification`);
        return;
      }
      const delayMs = retryDelayMs(
        this.config,
        attempt,
        outcome.kind === 'response' ? outcome.retryAfterMs : undefined,
      );
      this.log.warn(
        { ...detail, retryInMs: delayMs },
        `${what} on try ${attempt} of ${attempts}; retrying in ${delayMs} ms`,
      );
      await this.wait(delayMs);
      if (this.disposed) return;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((wake) => {
      const timer = setTimeout(() => {
        this.sleep = undefined;
        wake();
      }, ms);
      this.sleep = { timer, wake };
    });
  }

  private settle(): void {
    if (this.size > 0 && !this.disposed) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
