import {
  Emitter,
  parseWsMediaServerMessage,
  type WsMediaClientMessage,
  type WsMediaServerMessage,
} from '@brume/protocol';

export interface WsMediaSocketEvents {
  /** A JSON message from the server. */
  message: WsMediaServerMessage;
  /** A binary message: an init segment or an fMP4 fragment. */
  media: ArrayBuffer;
  /** The socket closed (`code` 1006 when the connection dropped or could not be made). */
  close: { code: number; reason: string };
}

/** `WebSocket.readyState` values (the constants are not on every global: Node has no WebSocket before 22). */
const CONNECTING = 0;
const OPEN = 1;

/** The WebSocket of `/ws/:name`: typed messages in and out, nothing else. */
export class WsMediaSocket {
  private readonly events = new Emitter<WsMediaSocketEvents>((error) =>
    console.error('Brume mse-ws socket', error),
  );
  private readonly socket: WebSocket;
  /** Messages sent before the socket opened, sent as it opens. */
  private readonly outbox: string[] = [];
  private closed = false;

  constructor(url: string, create: (url: string) => WebSocket = (u) => new WebSocket(u)) {
    const socket = create(url);
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      for (const text of this.outbox.splice(0)) socket.send(text);
    };
    socket.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.closed) return;
      this.closed = true;
      this.events.emit('close', { code: event.code, reason: event.reason });
    };
  }

  on<K extends keyof WsMediaSocketEvents>(
    type: K,
    listener: (payload: WsMediaSocketEvents[K]) => void,
  ): () => void {
    return this.events.on(type, listener);
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState <= OPEN;
  }

  send(message: WsMediaClientMessage): void {
    if (!this.isOpen) return;
    const text = JSON.stringify(message);
    if (this.socket.readyState === OPEN) this.socket.send(text);
    else this.outbox.push(text);
  }

  /** Closes without a `close` event (the owner is going away). */
  close(): void {
    this.closed = true;
    this.events.clear();
    this.socket.onopen = this.socket.onmessage = this.socket.onclose = null;
    if (this.socket.readyState === CONNECTING || this.socket.readyState === OPEN)
      this.socket.close(1000, 'player done');
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    if (data instanceof ArrayBuffer) {
      this.events.emit('media', data);
      return;
    }
    if (typeof data !== 'string') return;
    const message = parseWsMediaServerMessage(data);
    // A newer server may say things this player does not know: not an error.
    if (message) this.events.emit('message', message);
  }
}
