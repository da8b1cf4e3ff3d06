import type { Logger } from '../util/logger';

/**
 * Something that must finish before the server exits (a recording closing its file). `drain`
 * runs once, after publishes ended; it is not waited for past the shutdown timeout.
 */
export interface ShutdownParticipant {
  /** For logs: `recorder live`. */
  readonly name: string;
  drain(): Promise<void>;
}

/** The server's own steps, in order (`index.ts`). */
export interface ShutdownSteps {
  /**
   * Refuse every new session and request (503 + `Connection: close`), and finish what must be
   * whole before publishes end (recordings flush and close their files).
   */
  stopAccepting(): void | Promise<void>;
  /** Tell viewers and end publishes: WebSocket viewers 1001, WHEP peers closed, playlists ended. */
  endSessions(): void;
  /** Whether players are done reading the ended playlists (none left, or all quiet a while). */
  readersDone(): boolean;
  /** Close listeners and whatever is still open; the server is gone when this resolves. */
  close(): Promise<void>;
}

export interface GracefulShutdownOptions {
  /**
   * After publishes end, how long at most HLS/DASH stay readable so players fetch the end of
   * their playlist; the drain ends sooner once `readersDone`.
   */
  drainMs: number;
  /** The most participants and the drain may take together before `close` runs anyway. */
  timeoutMs: number;
  log: Logger;
}

/**
 * The server's shutdown sequence: stop accepting, end sessions (viewers told), let participants
 * finish and players read the end, bounded by `timeoutMs`, then close. `run` is idempotent: a
 * second call returns the first one's promise.
 */
export class GracefulShutdown {
  private readonly participants = new Set<ShutdownParticipant>();
  private running: Promise<void> | undefined;

  constructor(private readonly options: GracefulShutdownOptions) {}

  /** Adds a participant; the returned function removes it (a recorder that stopped on its own). */
  register(participant: ShutdownParticipant): () => void {
    this.participants.add(participant);
    return () => this.participants.delete(participant);
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  run(steps: ShutdownSteps): Promise<void> {
    this.running ??= this.sequence(steps);
    return this.running;
  }

  private async sequence(steps: ShutdownSteps): Promise<void> {
    const { log, drainMs, timeoutMs } = this.options;
    const startedAt = Date.now();
    await within(Promise.resolve(steps.stopAccepting()), timeoutMs);
    steps.endSessions();
    const participants = [...this.participants];
    this.participants.clear();
    const finishing = Promise.all([
      ...participants.map((participant) =>
        participant.drain().then(
          () => log.info(`shutdown: ${participant.name} finished`),
          (error: unknown) => log.error({ err: error }, `shutdown: ${participant.name} failed to finish`),
        ),
      ),
      until(() => steps.readersDone(), drainMs),
    ]);
    const inTime = await within(finishing, timeoutMs);
    if (!inTime) {
      log.warn(`shutdown: still draining after ${timeoutMs} ms; closing anyway`);
    }
    await steps.close();
    log.info(`shutdown complete in ${Date.now() - startedAt} ms`);
  }
}

/** How often the drain looks whether readers are done. */
const POLL_MS = 100;

/** Resolves once `done()` holds (checked every `POLL_MS`), or after `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - Date.now())));
  }
}

/** Whether `promise` settled within `ms`; the timer never outlives the wait. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
