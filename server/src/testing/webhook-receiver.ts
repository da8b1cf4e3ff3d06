import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request. */
export interface PlannedAnswer {
  status?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow receiver). */
  delayMs?: number;
}

export interface ReceivedRequest {
  path: string;
  /** The body parsed as JSON (webhooks always send JSON). */
  json: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** The status it was answered with (undefined while waiting, or if the client left first). */
  status: number | undefined;
  at: number;
}

/**
 * A webhook receiver for tests, on 127.0.0.1 port 0: records every request and answers each path
 * from a plan (`plan('/start', {status: 500}, {status: 500})` fails twice, then the default
 * answers: 200 with an empty body, or `setDefault`). Closing ends slow answers and connections.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly plans = new Map<string, PlannedAnswer[]>();
  private readonly defaults = new Map<string, PlannedAnswer>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly base: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      receiver.handle(request, response),
    );
    return receiver;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** The next requests to `path` get these answers, in order. */
  plan(path: string, ...answers: PlannedAnswer[]): void {
    this.plans.set(path, [...(this.plans.get(path) ?? []), ...answers]);
  }

  /** What `path` answers once its plan is used up. */
  setDefault(path: string, answer: PlannedAnswer): void {
    this.defaults.set(path, answer);
  }

  /** Requests to `path` (every try, failed ones included). */
  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Requests to `path` answered with a 2xx: what the receiver accepted. */
  accepted(path: string): ReceivedRequest[] {
    return this.to(path).filter((request) => request.status !== undefined && request.status < 300);
  }

  /** Resolves once `check()` holds; rejects after `timeoutMs`. */
  async until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`webhook receiver: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 20));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        json = {};
      }
      const record: ReceivedRequest = {
        path,
        json,
        headers: request.headers,
        status: undefined,
        at: Date.now(),
      };
      this.requests.push(record);
      const answer = this.plans.get(path)?.shift() ?? this.defaults.get(path) ?? {};
      const send = () => {
        if (response.destroyed) return;
        record.status = answer.status ?? 200;
        response.writeHead(record.status, {
          'Content-Type': answer.contentType ?? 'text/plain',
          ...answer.headers,
        });
        response.end(answer.body ?? '');
        this.wake();
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, answer.delayMs);
        this.timers.add(timer);
      } else {
        send();
      }
      this.wake();
    });
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
