import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { messageRateGuard, RATE_LIMIT_CLOSE_CODE } from './socket-message-guard';

function fakeSocket() {
  const closes: [number, string][] = [];
  const ws = { close: (code: number, reason: string) => closes.push([code, reason]) } as unknown as WebSocket;
  return { ws, closes };
}

describe('messageRateGuard', () => {
  it('lets a burst and the steady rate through, then closes 1008 once and refuses the rest', () => {
    let now = 0;
    const { ws, closes } = fakeSocket();
    const allowed = messageRateGuard(ws, { wsMessagesPerSecond: 2, wsMessageBurst: 3 }, () => now);
    expect([allowed(), allowed(), allowed()]).toEqual([true, true, true]);
    now = 500;
    expect(allowed()).toBe(true);
    expect(allowed()).toBe(false);
    expect(closes).toEqual([[RATE_LIMIT_CLOSE_CODE, 'more than 2 messages per second']]);
    now = 10_000;
    expect(allowed()).toBe(false);
    expect(closes).toHaveLength(1);
  });
});
