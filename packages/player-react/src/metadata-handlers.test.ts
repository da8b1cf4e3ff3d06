import { describe, expect, it } from 'vitest';
import { deliverMetadata } from './metadata-handlers';

const event = { track: 'chat', time: 5, data: 1, late: false };

describe('deliverMetadata', () => {
  it('calls the track handler, then "*"', () => {
    const calls: string[] = [];
    deliverMetadata(
      { '*': () => calls.push('*'), chat: () => calls.push('chat'), score: () => calls.push('score') },
      event,
    );
    expect(calls).toEqual(['chat', '*']);
    expect(() => deliverMetadata(undefined, event)).not.toThrow();
  });

  it('still calls "*" when the track handler throws, then rethrows the first error', () => {
    const calls: string[] = [];
    const boom = new Error('boom');
    expect(() =>
      deliverMetadata(
        {
          chat: () => {
            throw boom;
          },
          '*': () => {
            calls.push('*');
            throw new Error('second');
          },
        },
        event,
      ),
    ).toThrow(boom);
    expect(calls).toEqual(['*']);
  });
});
