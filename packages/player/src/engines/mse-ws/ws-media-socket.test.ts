import { describe, expect, it, vi } from 'vitest';
import { WsMediaSocket } from './ws-media-socket';

/** Just enough of a browser WebSocket: the test drives its events. */
class FakeWebSocket {
  readyState = 0;
  binaryType = 'blob';
  readonly sent: string[] = [];
  closedWith: [number, string] | undefined;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  send(text: string): void {
    this.sent.push(text);
  }

  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
}

function setup() {
  const fake = new FakeWebSocket();
  const socket = new WsMediaSocket('ws://host/ws/a', () => fake as unknown as WebSocket);
  return { fake, socket };
}

describe('WsMediaSocket', () => {
  it('receives binary media as ArrayBuffers and sends what was asked before it opened', () => {
    const { fake, socket } = setup();
    expect(fake.binaryType).toBe('arraybuffer');
    socket.send({ type: 'seek', to: 1500 });
    expect(fake.sent).toEqual([]);
    fake.open();
    socket.send({ type: 'hold' });
    expect(fake.sent).toEqual(['{"type":"seek","to":1500}', '{"type":"hold"}']);
  });

  it('parses server messages and ignores what it does not know', () => {
    const { fake, socket } = setup();
    const messages = vi.fn();
    const media = vi.fn();
    socket.on('message', messages);
    socket.on('media', media);
    fake.onmessage?.({ data: '{"type":"time","streamMs":1,"liveEdgeMs":2,"bufferStartMs":0}' });
    fake.onmessage?.({ data: '{"type":"future-thing"}' });
    fake.onmessage?.({ data: 'not json' });
    const bytes = new ArrayBuffer(4);
    fake.onmessage?.({ data: bytes });
    expect(messages).toHaveBeenCalledExactlyOnceWith({
      type: 'time',
      streamMs: 1,
      liveEdgeMs: 2,
      bufferStartMs: 0,
    });
    expect(media).toHaveBeenCalledExactlyOnceWith(bytes);
  });

  it('reports a close once, and sends nothing after it', () => {
    const { fake, socket } = setup();
    const closed = vi.fn();
    socket.on('close', closed);
    fake.open();
    fake.readyState = 3;
    fake.onclose?.({ code: 1006, reason: '' });
    fake.onclose?.({ code: 1006, reason: '' });
    expect(closed).toHaveBeenCalledExactlyOnceWith({ code: 1006, reason: '' });
    expect(socket.isOpen).toBe(false);
    socket.send({ type: 'play' });
    expect(fake.sent).toEqual([]);
  });

  it('closes quietly when its owner closes it', () => {
    const { fake, socket } = setup();
    const closed = vi.fn();
    socket.on('close', closed);
    fake.open();
    socket.close();
    expect(fake.closedWith).toEqual([1000, 'player done']);
    expect(fake.onclose).toBeNull();
    expect(closed).not.toHaveBeenCalled();
  });
});
