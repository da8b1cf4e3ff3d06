import { LimitError } from './limit-error';

/** A viewer's place, given back once when it leaves (extra calls do nothing). */
export type ReleaseSlot = () => void;

/**
 * Counts the viewers of every output that holds a session (WHEP, `/ws/:name`, progressive
 * `.mp4`/`.ts`) per stream and in total, and refuses one more past either limit.
 */
export class ViewerSlots {
  private readonly perStream = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: { viewersPerStream: number; viewersTotal: number }) {}

  /** Takes a place for a viewer of `stream`, or throws a 503 `LimitError`. */
  acquire(stream: string): ReleaseSlot {
    const count = this.perStream.get(stream) ?? 0;
    if (this.total >= this.limits.viewersTotal) throw LimitError.viewersTotal(this.limits.viewersTotal);
    if (count >= this.limits.viewersPerStream)
      throw LimitError.viewersPerStream(stream, this.limits.viewersPerStream);
    this.perStream.set(stream, count + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perStream.get(stream) ?? 1) - 1;
      if (left > 0) this.perStream.set(stream, left);
      else this.perStream.delete(stream);
    };
  }

  count(stream?: string): number {
    return stream === undefined ? this.total : (this.perStream.get(stream) ?? 0);
  }
}
