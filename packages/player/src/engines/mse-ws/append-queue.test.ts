import { describe, expect, it, vi } from 'vitest';
import { AppendQueue, type AppendQueueHooks, type SourceBufferLike } from './append-queue';

/** A SourceBuffer that stays `updating` until the test calls `finish()`. */
class FakeBuffer extends EventTarget implements SourceBufferLike {
  updating = false;
  readonly buffered = { length: 0, start: () => 0, end: () => 0 } as unknown as TimeRanges;
  readonly log: string[] = [];
  /** Appends that throw QuotaExceededError before succeeding. */
  quotaFailures = 0;

  appendBuffer(data: BufferSource): void {
    if (this.updating) throw new Error('InvalidStateError: updating');
    if (this.quotaFailures > 0) {
      this.quotaFailures--;
      throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    }
    this.log.push(`append ${(data as Uint8Array).length}`);
    this.updating = true;
  }

  remove(start: number, end: number): void {
    if (this.updating) throw new Error('InvalidStateError: updating');
    this.log.push(`remove ${start}-${end}`);
    this.updating = true;
  }

  finish(): void {
    this.updating = false;
    this.dispatchEvent(new Event('updateend'));
  }
}

function setup(overrides: Partial<AppendQueueHooks> = {}) {
  const buffer = new FakeBuffer();
  const hooks: AppendQueueHooks = {
    onQuotaExceeded: vi.fn(() => ({ start: 0, end: 10 })),
    onError: vi.fn(),
    onAppended: vi.fn(),
    ...overrides,
  };
  return { buffer, hooks, queue: new AppendQueue(buffer, hooks) };
}

describe('AppendQueue', () => {
  it('appends one at a time, in order, waiting for updateend', () => {
    const { buffer, hooks, queue } = setup();
    queue.append(new Uint8Array(1));
    queue.append(new Uint8Array(2));
    queue.remove(0, 5);
    expect(buffer.log).toEqual(['append 1']);
    expect(queue.pending).toBe(3);
    buffer.finish();
    expect(buffer.log).toEqual(['append 1', 'append 2']);
    buffer.finish();
    buffer.finish();
    expect(buffer.log).toEqual(['append 1', 'append 2', 'remove 0-5']);
    expect(hooks.onAppended).toHaveBeenCalledTimes(2);
    expect(queue.pending).toBe(0);
  });

  it('runs calls once the work before them is done', () => {
    const { buffer, queue } = setup();
    const run = vi.fn(() => buffer.log.push('call'));
    queue.append(new Uint8Array(1));
    queue.call(run);
    expect(run).not.toHaveBeenCalled();
    buffer.finish();
    expect(buffer.log).toEqual(['append 1', 'call']);
  });

  it('makes room behind the playhead and retries a full append', () => {
    const { buffer, hooks, queue } = setup();
    buffer.quotaFailures = 1;
    queue.append(new Uint8Array(7));
    expect(hooks.onQuotaExceeded).toHaveBeenCalledWith(1);
    expect(buffer.log).toEqual(['remove 0-10']);
    buffer.finish();
    expect(buffer.log).toEqual(['remove 0-10', 'append 7']);
    expect(hooks.onError).not.toHaveBeenCalled();
  });

  it('gives up when nothing can be removed, or after three attempts', () => {
    const none = setup({ onQuotaExceeded: () => undefined });
    none.buffer.quotaFailures = 1;
    none.queue.append(new Uint8Array(1));
    expect(none.hooks.onError).toHaveBeenCalledWith(
      'the media buffer is full and nothing can be removed',
      expect.objectContaining({ name: 'QuotaExceededError' }),
    );

    const stubborn = setup();
    stubborn.buffer.quotaFailures = 10;
    stubborn.queue.append(new Uint8Array(1));
    for (let i = 0; i < 3; i++) stubborn.buffer.finish();
    expect(stubborn.hooks.onQuotaExceeded).toHaveBeenCalledTimes(3);
    expect(stubborn.hooks.onError).toHaveBeenCalledTimes(1);
    stubborn.queue.append(new Uint8Array(1));
    expect(stubborn.buffer.log).toEqual(['remove 0-10', 'remove 0-10', 'remove 0-10']);
  });

  it('stops at a SourceBuffer error', () => {
    const { buffer, hooks, queue } = setup();
    queue.append(new Uint8Array(1));
    queue.append(new Uint8Array(2));
    buffer.dispatchEvent(new Event('error'));
    buffer.finish();
    expect(hooks.onError).toHaveBeenCalledTimes(1);
    expect(buffer.log).toEqual(['append 1']);
  });

  it('clear drops waiting fragments (keeping init segments and calls) and removes everything', () => {
    const { buffer, queue } = setup();
    const run = vi.fn();
    queue.append(new Uint8Array(1));
    queue.append(new Uint8Array(2));
    queue.append(new Uint8Array(3), true);
    queue.call(run);
    queue.clear();
    expect(queue.removing(1e9)).toBe(true);
    buffer.finish();
    buffer.finish();
    expect(run).toHaveBeenCalled();
    buffer.finish();
    expect(buffer.log).toEqual(['append 1', 'append 3', 'remove 0-Infinity']);
  });

  it('does nothing after dispose', () => {
    const { buffer, hooks, queue } = setup();
    queue.append(new Uint8Array(1));
    queue.dispose();
    buffer.finish();
    queue.append(new Uint8Array(2));
    expect(buffer.log).toEqual(['append 1']);
    expect(hooks.onAppended).not.toHaveBeenCalled();
  });
});
