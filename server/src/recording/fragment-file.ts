import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * One recording file, append only: each write goes to the kernel as soon as the previous one is
 * done (no user-space buffer), so a process killed with SIGKILL leaves every complete fragment in
 * the file; `close()` also fsyncs, for a machine that loses power after a clean finish. Writes are
 * queued in order; the first failure is kept and rethrown by `close()`.
 */
export class FragmentFile {
  private tail: Promise<FileHandle | undefined>;
  private failure: unknown;
  private _bytes = 0;

  constructor(readonly filePath: string) {
    this.tail = mkdir(path.dirname(filePath), { recursive: true })
      // 'wx': never overwrite a file (two files starting the same millisecond would be a bug).
      .then(() => open(filePath, 'wx'))
      .catch((error: unknown) => {
        this.failure = error;
        return undefined;
      });
  }

  /** Bytes handed to `write` so far. */
  get bytes(): number {
    return this._bytes;
  }

  /** The first write error, if any (the file is then abandoned). */
  get error(): unknown {
    return this.failure;
  }

  write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this._bytes += bytes.length;
    this.tail = this.tail.then(async (handle) => {
      if (!handle || this.failure) return handle;
      try {
        await handle.write(bytes);
      } catch (error) {
        this.failure = error;
      }
      return handle;
    });
  }

  /** Waits for every write, syncs and closes; rejects with the first error. */
  async close(): Promise<void> {
    const handle = await this.tail;
    this.tail = Promise.resolve(undefined);
    if (handle) {
      try {
        if (!this.failure) await handle.sync();
      } finally {
        await handle.close();
      }
    }
    if (this.failure) throw this.failure;
  }
}
