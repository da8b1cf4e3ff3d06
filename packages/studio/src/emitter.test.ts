import { describe, expect, it, vi } from 'vitest';
import { Emitter, type ErrorEvents } from './emitter';
import type { StudioError } from './studio-error';

interface TestEvents extends ErrorEvents {
  tick: number;
}

describe('Emitter', () => {
  it('delivers to every listener and stops after unsubscribe', () => {
    const emitter = new Emitter<TestEvents>();
    const a = vi.fn();
    const b = vi.fn();
    const offA = emitter.on('tick', a);
    emitter.on('tick', b);
    emitter.emit('tick', 1);
    offA();
    emitter.emit('tick', 2);
    expect(a.mock.calls).toEqual([[1]]);
    expect(b.mock.calls).toEqual([[1], [2]]);
  });

  it('turns a throwing listener into an error event and still calls the others', () => {
    const emitter = new Emitter<TestEvents>();
    const errors: StudioError[] = [];
    emitter.on('error', (e) => errors.push(e));
    emitter.on('tick', () => {
      throw new Error('boom');
    });
    const after = vi.fn();
    emitter.on('tick', after);
    emitter.emit('tick', 1);
    expect(after).toHaveBeenCalledWith(1);
    expect(errors[0]?.code).toBe('studio/listener-failed');
    expect((errors[0]?.cause as Error).message).toBe('boom');
  });

  it('clear() removes every listener', () => {
    const emitter = new Emitter<TestEvents>();
    const listener = vi.fn();
    emitter.on('tick', listener);
    emitter.clear();
    emitter.emit('tick', 1);
    expect(listener).not.toHaveBeenCalled();
  });
});
