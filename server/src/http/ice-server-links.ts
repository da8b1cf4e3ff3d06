import type { IceServerConfig } from '../config';

/**
 * `Link` header values advertising ICE servers to WHIP/WHEP clients (RFC 9725 §4.6):
 * `<turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p"; credential-type="password"`.
 */
export function iceServerLinks(servers: readonly IceServerConfig[]): string[] {
  return servers.flatMap((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).map((url) => {
      let link = `<${url}>; rel="ice-server"`;
      if (server.username !== undefined) link += `; username="${quote(server.username)}"`;
      if (server.credential !== undefined) {
        link += `; credential="${quote(server.credential)}"; credential-type="password"`;
      }
      return link;
    }),
  );
}

function quote(value: string): string {
  return value.replace(/["\\]/g, (c) => `\\${c}`);
}
