/**
 * Parses `Link` headers for ICE servers (RFC 9725 §4.6):
 * `<turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p"`.
 * Several links may share one header, comma-separated; other relations are ignored.
 */
export function parseIceServerLinks(headers: readonly string[]): RTCIceServer[] {
  const servers: RTCIceServer[] = [];
  for (const header of headers) {
    for (const link of splitLinks(header)) {
      const match = /^\s*<([^>]*)>(.*)$/.exec(link);
      if (!match) continue;
      const url = match[1] ?? '';
      const params = parseParams(match[2] ?? '');
      if (params.get('rel')?.toLowerCase() !== 'ice-server') continue;
      if (!/^(stun|stuns|turn|turns):/i.test(url)) continue;
      const server: RTCIceServer = { urls: url };
      const username = params.get('username');
      const credential = params.get('credential');
      if (username !== undefined) server.username = username;
      if (credential !== undefined) server.credential = credential;
      servers.push(server);
    }
  }
  return servers;
}

/** Splits on commas that are outside `<...>` and quotes. */
function splitLinks(header: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const match of text.matchAll(/;\s*([A-Za-z0-9_-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;]*))?/g)) {
    const key = (match[1] ?? '').toLowerCase();
    let value = (match[2] ?? '').trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(key, value);
  }
  return params;
}
