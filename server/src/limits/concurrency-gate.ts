import type { LimitError } from './limit-error';

/** At most `limit` holders at once; `enter` throws the given error past it. */
export class ConcurrencyGate {
  private held = 0;

  constructor(
    private readonly limit: number,
    private readonly refusal: () => LimitError,
  ) {}

  /** Enters, or throws; the returned function leaves (once). */
  enter(): () => void {
    if (this.held >= this.limit) throw this.refusal();
    this.held++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.held--;
    };
  }

  get size(): number {
    return this.held;
  }
}
