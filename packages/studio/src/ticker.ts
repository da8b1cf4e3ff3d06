import { Teardown } from './teardown';

/**
 * The worker's loop. Timers in dedicated workers are not throttled like those of a hidden page
 * (Chrome drops a hidden page's chained timers to 1/s, later 1/min), so a test pattern driven from
 * here keeps its frame rate in a background tab. It schedules against absolute deadlines so the
 * rate does not drift.
 */
const WORKER_SOURCE = `
let timer;
onmessage = (event) => {
  clearTimeout(timer);
  const period = event.data;
  if (!period) return;
  let next = performance.now();
  const tick = () => {
    postMessage(0);
    next += period;
    const now = performance.now();
    if (next < now - period) next = now;
    timer = setTimeout(tick, Math.max(0, next - now));
  };
  tick();
};
`;

/**
 * Calls `onTick` `rate` times a second from a Worker clock, falling back to main-thread timers where
 * workers cannot be created (e.g. a CSP without `worker-src blob:`).
 */
export class Ticker {
  private readonly teardown = new Teardown();
  private disposed = false;

  constructor(rate: number, onTick: () => void) {
    const periodMs = 1000 / rate;
    if (!this.startWorker(periodMs, onTick)) {
      const id = setInterval(onTick, periodMs);
      this.teardown.add(() => clearInterval(id));
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.teardown.run();
  }

  private startWorker(periodMs: number, onTick: () => void): boolean {
    if (typeof Worker === 'undefined' || typeof Blob === 'undefined') return false;
    let url: string | undefined;
    try {
      url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      const worker = new Worker(url);
      const objectUrl = url;
      this.teardown.add(() => URL.revokeObjectURL(objectUrl));
      this.teardown.add(() => worker.terminate());
      this.teardown.listen(worker, 'message', () => onTick());
      worker.postMessage(periodMs);
      return true;
    } catch {
      if (url) URL.revokeObjectURL(url);
      return false;
    }
  }
}
