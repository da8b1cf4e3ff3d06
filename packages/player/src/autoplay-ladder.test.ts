import { describe, expect, it } from 'vitest';
import { climbAutoplay, type Playable } from './autoplay-ladder';

function media(policy: 'any' | 'muted-only' | 'none' | 'abort'): Playable & { attempts: boolean[] } {
  const element = {
    muted: false,
    attempts: [] as boolean[],
    async play() {
      element.attempts.push(element.muted);
      if (policy === 'abort') throw new DOMException('replaced', 'AbortError');
      if (policy === 'any' || (policy === 'muted-only' && element.muted)) return;
      throw new DOMException('no autoplay', 'NotAllowedError');
    },
  };
  return element;
}

describe('climbAutoplay', () => {
  it('plays with sound when allowed', async () => {
    const m = media('any');
    expect(await climbAutoplay(m, false)).toBe('unmuted');
    expect(m.attempts).toEqual([false]);
  });

  it('falls back to muted playback', async () => {
    const m = media('muted-only');
    expect(await climbAutoplay(m, false)).toBe('muted');
    expect(m.attempts).toEqual([false, true]);
    expect(m.muted).toBe(true);
  });

  it('ends blocked when even muted playback is refused', async () => {
    expect(await climbAutoplay(media('none'), false)).toBe('blocked');
  });

  it('starts muted when asked', async () => {
    const m = media('any');
    expect(await climbAutoplay(m, true)).toBe('muted');
    expect(m.attempts).toEqual([true]);
  });

  it('does not count an interrupted play() as a refusal', async () => {
    expect(await climbAutoplay(media('abort'), false)).toBe('pending');
  });
});
