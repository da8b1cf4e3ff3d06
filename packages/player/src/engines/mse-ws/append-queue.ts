/** The part of a `SourceBuffer` the queue drives (a fake in unit tests). */
export interface SourceBufferLike extends EventTarget {
  readonly updating: boolean;
  readonly buffered: TimeRanges;
  appendBuffer(data: BufferSource): void;
  remove(start: number, end: number): void;
}

type Operation =
  /** `keep`: an init segment, which `clear()` must not drop (the fragments after it need it). */
  | { kind: 'append'; data: BufferSource; keep: boolean; quotaRetries: number }
  | { kind: 'remove'; start: number; end: number }
  /** Synchronous work that needs an idle buffer (`changeType`, `endOfStream`). */
  | { kind: 'call'; run: () => void };

export interface AppendQueueHooks {
  /**
   * The buffer is full: what to remove before trying the append again (`attempt` counts from 1,
   * so each attempt can give up more), or undefined when nothing can go.
   */
  onQuotaExceeded(attempt: number): { start: number; end: number } | undefined;
  /** An append or removal failed for good; the queue stops. */
  onError(message: string, cause?: unknown): void;
  /** An append landed (the buffered ranges changed). */
  onAppended(): void;
}

/** Attempts at making room before a full buffer is an error. */
const MAX_QUOTA_RETRIES = 3;

/**
 * Serializes work on one SourceBuffer: appends and removals wait for the previous `updateend`
 * (the buffer throws when touched while `updating`), and a full buffer (`QuotaExceededError`)
 * gets room made behind the playhead, then the same append again.
 */
export class AppendQueue {
  private readonly operations: Operation[] = [];
  private running = false;
  private failed = false;
  private disposed = false;
  private readonly onUpdateEnd = (): void => this.completed();
  private readonly onError = (): void =>
    this.fail('the browser could not parse the media (SourceBuffer error)');

  constructor(
    private readonly buffer: SourceBufferLike,
    private readonly hooks: AppendQueueHooks,
  ) {
    buffer.addEventListener('updateend', this.onUpdateEnd);
    buffer.addEventListener('error', this.onError);
  }

  /** Operations not yet finished (the running one included). */
  get pending(): number {
    return this.operations.length;
  }

  /** `keep`: an init segment, kept by `clear()`. */
  append(data: BufferSource, keep = false): void {
    this.push({ kind: 'append', data, keep, quotaRetries: 0 });
  }

  remove(start: number, end: number): void {
    if (!(end > start)) return;
    this.push({ kind: 'remove', start: Math.max(0, start), end });
  }

  /** Runs `run` once every operation queued before it is done. */
  call(run: () => void): void {
    this.push({ kind: 'call', run });
  }

  /** Drops the fragments not yet appended and removes everything buffered. */
  clear(): void {
    const running = this.running ? this.operations.slice(0, 1) : [];
    const kept = this.operations
      .slice(running.length)
      .filter((op) => op.kind === 'call' || (op.kind === 'append' && op.keep));
    this.operations.splice(0, this.operations.length, ...running, ...kept);
    this.remove(0, Infinity);
  }

  /** Whether a removal ending at or after `end` is already queued. */
  removing(end: number): boolean {
    return this.operations.some((op) => op.kind === 'remove' && op.end >= end);
  }

  dispose(): void {
    this.disposed = true;
    this.operations.length = 0;
    this.buffer.removeEventListener('updateend', this.onUpdateEnd);
    this.buffer.removeEventListener('error', this.onError);
  }

  private push(operation: Operation): void {
    if (this.disposed || this.failed) return;
    this.operations.push(operation);
    this.next();
  }

  private next(): void {
    while (!this.running && !this.failed && !this.disposed && !this.buffer.updating) {
      const operation = this.operations[0];
      if (!operation) return;
      if (operation.kind === 'call') {
        this.operations.shift();
        this.attempt(() => operation.run(), 'could not finish the media source');
        continue;
      }
      this.running = true;
      if (operation.kind === 'remove') {
        this.attempt(() => this.buffer.remove(operation.start, operation.end), 'could not remove media');
      } else {
        try {
          this.buffer.appendBuffer(operation.data);
        } catch (error) {
          this.running = false;
          if (!isQuotaExceeded(error)) return this.fail('could not append media', error);
          this.makeRoom(operation, error);
        }
      }
    }
  }

  private makeRoom(operation: Operation & { kind: 'append' }, error: unknown): void {
    operation.quotaRetries++;
    const room =
      operation.quotaRetries <= MAX_QUOTA_RETRIES
        ? this.hooks.onQuotaExceeded(operation.quotaRetries)
        : undefined;
    if (!room || !(room.end > room.start)) {
      this.fail('the media buffer is full and nothing can be removed', error);
      return;
    }
    this.operations.unshift({ kind: 'remove', start: Math.max(0, room.start), end: room.end });
  }

  private attempt(run: () => void, message: string): void {
    try {
      run();
    } catch (error) {
      this.running = false;
      this.fail(message, error);
    }
  }

  private completed(): void {
    if (!this.running) return;
    this.running = false;
    const done = this.operations.shift();
    if (done?.kind === 'append' && !this.failed) this.hooks.onAppended();
    this.next();
  }

  private fail(message: string, cause?: unknown): void {
    if (this.failed || this.disposed) return;
    this.failed = true;
    this.operations.length = 0;
    this.hooks.onError(message, cause);
  }
}

function isQuotaExceeded(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError'
  );
}
