/**
 * Collects the undo of everything an object sets up (listeners, timers, tracks), so dispose() is one
 * call that cannot forget anything. Runs in reverse order; a failing step does not stop the others.
 */
export class Teardown {
  private steps: (() => void)[] = [];

  add(step: () => void): void {
    this.steps.push(step);
  }

  /** Adds an event listener and registers its removal. */
  listen(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.add(() => target.removeEventListener(type, listener));
  }

  run(): void {
    const steps = this.steps.reverse();
    this.steps = [];
    for (const step of steps) {
      try {
        step();
      } catch (error) {
        console.error('teardown step failed', error);
      }
    }
  }
}
