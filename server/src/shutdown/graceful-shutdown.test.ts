import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../util/logger';
import { GracefulShutdown, type ShutdownSteps } from './graceful-shutdown';

function fakeLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (...args: unknown[]) => {
    lines.push(String(args[args.length - 1]));
  };
  const log = { info: record, warn: record, error: record, debug: record, lines } as unknown as Logger & {
    lines: string[];
  };
  return log;
}

function recordingSteps(order: string[], readersDone = false): ShutdownSteps {
  return {
    stopAccepting: () => void order.push('stop'),
    endSessions: () => order.push('end'),
    readersDone: () => readersDone,
    close: async () => {
      order.push('close');
    },
  };
}

describe('GracefulShutdown', () => {
  it('stops accepting, ends sessions, waits for participants and the drain, then closes', async () => {
    vi.useFakeTimers();
    try {
      const order: string[] = [];
      const shutdown = new GracefulShutdown({ drainMs: 100, timeoutMs: 1000, log: fakeLog() });
      let finishRecording: () => void = () => {};
      shutdown.register({
        name: 'recorder a',
        drain: () => {
          order.push('recorder drain');
          return new Promise<void>((resolve) => (finishRecording = resolve));
        },
      });
      const done = shutdown.run(recordingSteps(order));
      // `stopAccepting` may be async (recordings close their files): the rest follows it.
      await vi.advanceTimersByTimeAsync(0);
      expect(order).toEqual(['stop', 'end', 'recorder drain']);
      await vi.advanceTimersByTimeAsync(500);
      // The drain time is over, but the recording is not finished: no close yet.
      expect(order).not.toContain('close');
      finishRecording();
      await done;
      expect(order).toEqual(['stop', 'end', 'recorder drain', 'close']);
      expect(shutdown.run(recordingSteps(order))).toBe(done);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends the drain as soon as the readers are done', async () => {
    vi.useFakeTimers();
    try {
      const order: string[] = [];
      let readersDone = false;
      const shutdown = new GracefulShutdown({ drainMs: 10_000, timeoutMs: 20_000, log: fakeLog() });
      const done = shutdown.run({ ...recordingSteps(order), readersDone: () => readersDone });
      await vi.advanceTimersByTimeAsync(1000);
      expect(order).toEqual(['stop', 'end']);
      readersDone = true;
      await vi.advanceTimersByTimeAsync(100);
      await done;
      expect(order).toEqual(['stop', 'end', 'close']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes at the timeout when a participant never finishes, and survives one that fails', async () => {
    vi.useFakeTimers();
    try {
      const order: string[] = [];
      const log = fakeLog();
      const shutdown = new GracefulShutdown({ drainMs: 10, timeoutMs: 300, log });
      shutdown.register({ name: 'stuck', drain: () => new Promise<void>(() => {}) });
      shutdown.register({ name: 'broken', drain: () => Promise.reject(new Error('disk full')) });
      const removed = shutdown.register({
        name: 'gone',
        drain: async () => {
          order.push('gone drained');
        },
      });
      removed();
      const done = shutdown.run(recordingSteps(order, true));
      await vi.advanceTimersByTimeAsync(299);
      expect(order).toEqual(['stop', 'end']);
      await vi.advanceTimersByTimeAsync(1);
      await done;
      // Readers were done at once: only the stuck participant held the close.
      expect(order).toEqual(['stop', 'end', 'close']);
      expect(log.lines).toContain('shutdown: broken failed to finish');
      expect(log.lines).toContain('shutdown: still draining after 300 ms; closing anyway');
    } finally {
      vi.useRealTimers();
    }
  });
});
