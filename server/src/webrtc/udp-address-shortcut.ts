import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';

type LookupCallback = (error: Error | null, address?: string) => void;
interface SocketState {
  handle?: { lookup?: (address: string, callback: LookupCallback) => void };
}

const shortcut = new WeakMap<Socket, Set<string>>();

/**
 * Lets `socket.send(data, port, ip)` to `ip` skip Node's address lookup. An unconnected dgram
 * socket runs every datagram's address through `dns.lookup`, which for an IP literal validates it
 * with a regular expression and answers on the next tick: one closure and one tick per datagram,
 * ~5 % of the relay's CPU when it forwards to 100 WHEP viewers. A connected socket would skip it,
 * but werift sends STUN and DTLS on the same socket with an explicit address, which a connected
 * socket refuses. So the socket's own lookup answers `ip` at once and hands anything else to
 * Node's lookup, as before.
 *
 * Reaches into Node's socket state (the `state symbol` property, Node 18–22); returns false and
 * changes nothing when that is not there, so sends just take the normal path.
 */
export function skipAddressLookup(socket: Socket, ip: string): boolean {
  const known = shortcut.get(socket);
  if (known) {
    known.add(ip);
    return true;
  }
  // `type` is set by `createSocket` but missing from Node's typings.
  const family = (socket as unknown as { type?: string }).type === 'udp6' ? 6 : 4;
  if (isIP(ip) !== family) return false;
  const symbol = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  const handle = symbol ? (socket as unknown as Record<symbol, SocketState>)[symbol]?.handle : undefined;
  const lookup = handle?.lookup;
  if (!handle || typeof lookup !== 'function') return false;
  const addresses = new Set([ip]);
  shortcut.set(socket, addresses);
  handle.lookup = (address, callback) => {
    if (addresses.has(address)) callback(null, address);
    else lookup.call(handle, address, callback);
  };
  return true;
}
