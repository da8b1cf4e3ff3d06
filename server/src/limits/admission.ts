import type { LimitsConfig } from '../config';
import { ConcurrencyGate } from './concurrency-gate';
import { LimitError } from './limit-error';
import { ViewerSlots, type ReleaseSlot } from './viewer-slots';

/**
 * Who may start something now: one place for the capacity limits and the drain. Outputs that
 * hold a session take a viewer slot; held-open playlist requests pass the playlist gate; once
 * `startDraining` ran, nothing new is admitted (503 `server/shutting-down`).
 */
export class Admission {
  readonly viewers: ViewerSlots;
  readonly playlists: ConcurrencyGate;
  private _draining = false;

  constructor(readonly limits: LimitsConfig) {
    this.viewers = new ViewerSlots(limits);
    this.playlists = new ConcurrencyGate(limits.blockingPlaylistRequests, () =>
      LimitError.blockingPlaylists(limits.blockingPlaylistRequests),
    );
  }

  get draining(): boolean {
    return this._draining;
  }

  startDraining(): void {
    this._draining = true;
  }

  /** Throws 503 while draining. */
  checkOpen(): void {
    if (this.draining) throw this.drainRefusal();
  }

  drainRefusal(): LimitError {
    return LimitError.shuttingDown();
  }

  /** A viewer slot of `stream`, or a 503 (draining, or a viewer limit reached). */
  admitViewer(stream: string): ReleaseSlot {
    this.checkOpen();
    return this.viewers.acquire(stream);
  }

  /** Throws 503 unless one more publisher fits (`current`: publishers live or negotiating now). */
  admitPublisher(current: number): void {
    this.checkOpen();
    if (current >= this.limits.publishers) throw LimitError.publishers(this.limits.publishers);
  }
}
