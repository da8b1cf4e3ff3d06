import { ErrorCodes } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate';
import { LimitError } from './limit-error';
import { ViewerSlots } from './viewer-slots';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof LimitError ? `${error.code} ${error.retryAfterMs > 0}` : 'other';
  }
  return undefined;
}

describe('ViewerSlots', () => {
  it('refuses past the per-stream limit and takes a viewer back when one leaves', () => {
    const slots = new ViewerSlots({ viewersPerStream: 2, viewersTotal: 10 });
    const first = slots.acquire('a');
    slots.acquire('a');
    expect(codeOf(() => slots.acquire('a'))).toBe(`${ErrorCodes.overCapacity} true`);
    // Another stream is not affected.
    expect(codeOf(() => slots.acquire('b'))).toBeUndefined();
    first();
    first();
    expect(slots.count('a')).toBe(1);
    expect(codeOf(() => slots.acquire('a'))).toBeUndefined();
  });

  it('refuses past the total over all streams', () => {
    const slots = new ViewerSlots({ viewersPerStream: 5, viewersTotal: 3 });
    const releases = ['a', 'b', 'c'].map((name) => slots.acquire(name));
    expect(() => slots.acquire('d')).toThrow(/limit of 3 viewers/);
    releases.forEach((release) => release());
    expect(slots.count()).toBe(0);
    expect(slots.count('a')).toBe(0);
  });
});

describe('ConcurrencyGate', () => {
  it('admits up to its limit; a double leave frees one place only', () => {
    const gate = new ConcurrencyGate(2, () => LimitError.blockingPlaylists(2));
    const leave = gate.enter();
    gate.enter();
    expect(() => gate.enter()).toThrow(LimitError);
    leave();
    leave();
    expect(gate.size).toBe(1);
    gate.enter();
    expect(() => gate.enter()).toThrow(/2 playlist requests/);
  });
});
