import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { skipAddressLookup } from './udp-address-shortcut';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

/** The socket's current lookup function (Node's internal state, as the shortcut sees it). */
function lookupOf(socket: Socket): unknown {
  const symbol = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  const state =
    symbol && (socket as unknown as Record<symbol, { handle?: { lookup: unknown } } | undefined>)[symbol];
  return state?.handle?.lookup;
}

describe('skipAddressLookup', () => {
  it('sends to the known address at once and to any other through the normal lookup', async () => {
    const [sender, near, far] = await Promise.all([bound(), bound(), bound()]);
    const original = lookupOf(sender);
    expect(skipAddressLookup(sender, '127.0.0.1')).toBe(true);
    expect(lookupOf(sender)).not.toBe(original);

    const first = once(near, 'message');
    sender.send(Buffer.from('direct'), near.address().port, '127.0.0.1');
    expect(String((await first)[0])).toBe('direct');
    // A name still resolves (through Node's own lookup).
    const second = once(far, 'message');
    sender.send(Buffer.from('looked up'), far.address().port, 'localhost');
    expect(String((await second)[0])).toBe('looked up');
  });

  it('installs once per socket and refuses an address of the other family', async () => {
    const sender = await bound();
    expect(skipAddressLookup(sender, '::1')).toBe(false);
    expect(skipAddressLookup(sender, '127.0.0.1')).toBe(true);
    const installed = lookupOf(sender);
    expect(skipAddressLookup(sender, '127.0.0.2')).toBe(true);
    expect(lookupOf(sender)).toBe(installed);
  });
});
