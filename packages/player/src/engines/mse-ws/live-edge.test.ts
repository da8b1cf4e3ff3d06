import { describe, expect, it } from 'vitest';
import { LiveEdge } from './live-edge';

describe('LiveEdge', () => {
  it('knows nothing before the first time message', () => {
    const edge = new LiveEdge();
    expect(edge.edge(1000)).toBeUndefined();
    expect(edge.window(1000)).toBeUndefined();
  });

  it('advances the edge with the wall clock between messages', () => {
    const edge = new LiveEdge();
    edge.update({ liveEdgeMs: 10_000, bufferStartMs: 4_000 }, 500);
    expect(edge.edge(500)).toBe(10);
    expect(edge.edge(750)).toBeCloseTo(10.25);
    expect(edge.window(1500)).toEqual({ start: 4, end: 11 });
    edge.update({ liveEdgeMs: 11_020, bufferStartMs: 5_000 }, 1500);
    expect(edge.edge(1500)).toBeCloseTo(11.02);
  });

  it('never goes back before the message time when the clock is read early', () => {
    const edge = new LiveEdge();
    edge.update({ liveEdgeMs: 10_000, bufferStartMs: 0 }, 500);
    expect(edge.edge(400)).toBe(10);
  });

  it('stops at the end of the stream and ignores later messages', () => {
    const edge = new LiveEdge();
    edge.update({ liveEdgeMs: 10_000, bufferStartMs: 0 }, 0);
    edge.freeze(300);
    expect(edge.edge(5_000)).toBeCloseTo(10.3);
    edge.update({ liveEdgeMs: 20_000, bufferStartMs: 0 }, 6_000);
    expect(edge.edge(7_000)).toBeCloseTo(10.3);
  });
});
