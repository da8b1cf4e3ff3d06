import type { Logger } from '../util/logger';
import { DeliveryQueue } from './delivery-queue';
import type { WebhooksConfig } from './webhook-config';
import type { WebhookEvent, WebhookPayloads } from './webhook-events';

/**
 * Fire-and-forget notifications to the URLs of a trigger list: one ordered, bounded, retrying
 * queue per URL (`DeliveryQueue`), created on the first notification and forgotten once empty.
 * The caller never waits; `flush` (shutdown) waits a bounded time for what is queued.
 */
export class WebhookNotifier {
  private readonly queues = new Map<string, DeliveryQueue>();
  private disposed = false;

  constructor(
    private readonly config: WebhooksConfig,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notifications waiting or in flight, all URLs together. */
  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.size;
    return count;
  }

  notify<E extends WebhookEvent>(urls: readonly string[], event: E, payload: WebhookPayloads[E]): void {
    if (this.disposed || urls.length === 0) return;
    const body = JSON.stringify({ event, time: this.now(), ...payload });
    for (const url of new Set(urls)) {
      let queue = this.queues.get(url);
      if (!queue) {
        queue = new DeliveryQueue(url, this.config, this.log, (idle) => {
          if (this.queues.get(url) === idle) this.queues.delete(url);
        });
        this.queues.set(url, queue);
      }
      queue.push({ event, body });
    }
  }

  /** Waits until every queue is empty or `timeoutMs` passed; true if everything went out. */
  async flush(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      const idle = Promise.all([...this.queues.values()].map((queue) => queue.whenIdle()));
      return await Promise.race([idle.then(() => true as const), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cancels requests in flight and retry waits; what is still queued is dropped (logged per URL). */
  dispose(): void {
    this.disposed = true;
    for (const queue of this.queues.values()) queue.dispose();
    this.queues.clear();
  }
}
