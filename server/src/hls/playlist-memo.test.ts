import { describe, expect, it } from 'vitest';
import { PlaylistMemo } from './playlist-memo';

describe('PlaylistMemo', () => {
  it('writes once while the inputs are the same objects, again when one changes', () => {
    const memo = new PlaylistMemo();
    let writes = 0;
    const render = () => `#EXTM3U ${++writes}`;
    const window = { segments: [] };
    expect(memo.text('video', [window, 'p1'], render)).toBe('#EXTM3U 1');
    expect(memo.text('video', [window, 'p1'], render)).toBe('#EXTM3U 1');
    // An equal but new object is a new window: written again.
    expect(memo.text('video', [{ segments: [] }, 'p1'], render)).toBe('#EXTM3U 2');
    expect(memo.text('video', [{ segments: [] }], render)).toBe('#EXTM3U 3');
    expect(writes).toBe(3);
  });

  it('keeps keys apart and forgets the oldest past its size', () => {
    const memo = new PlaylistMemo(2);
    const window = {};
    memo.text('a', [window], () => 'A');
    memo.text('b', [window], () => 'B');
    memo.text('c', [window], () => 'C');
    expect(memo.size).toBe(2);
    expect(memo.text('b', [window], () => 'B2')).toBe('B');
    expect(memo.text('c', [window], () => 'C2')).toBe('C');
    expect(memo.text('a', [window], () => 'A2')).toBe('A2');
  });
});
