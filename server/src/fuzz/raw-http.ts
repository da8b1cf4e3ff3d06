import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body when the server sent a complete one; undefined for a stream cut after its headers. */
  body: string | undefined;
}

export interface RawRequest {
  method: string;
  /** The request target exactly as sent: nothing is normalized or escaped. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** How long one request may take: a blocked playlist answers within 6 s. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * One HTTP/1.1 request over a fresh TCP connection, bytes as given, so a test can send what a
 * fetch client would refuse or normalize (`..`, `%2f`, raw bytes). A 2xx streaming response (SSE,
 * progressive MP4) is cut once its headers are in.
 */
export function rawHttp(port: number, request: RawRequest): Promise<RawResponse> {
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  const headers = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    ...(body ? { 'content-length': String(body.length) } : {}),
    ...request.headers,
  };
  const head =
    `${request.method} ${request.target} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms to ${request.method} ${request.target}`));
    }, REQUEST_TIMEOUT_MS);
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const parsed = parseResponse(Buffer.concat(chunks), complete);
      if (parsed) resolve(parsed);
      else reject(new Error(`no HTTP response to ${request.method} ${request.target}`));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = parseResponse(Buffer.concat(chunks), false);
      // Complete (a kept-alive connection may stay open), or a stream whose headers are enough.
      if (parsed?.body !== undefined) finish(false);
      else if (parsed && parsed.status < 300 && isStreaming(parsed)) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    // A server that answers before reading the whole body (413) may reset the connection.
    socket.on('error', () => finish(true));
    socket.write(head);
    if (body) socket.write(body);
  });
}

function isStreaming(response: RawResponse): boolean {
  return response.headers['content-length'] === undefined;
}

function parseResponse(bytes: Buffer, complete: boolean): RawResponse | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  const length = headers['content-length'];
  let body: string | undefined;
  if (length !== undefined && rest.length >= Number(length)) {
    body = rest.subarray(0, Number(length)).toString('utf8');
  } else if (headers['transfer-encoding'] === 'chunked' && complete) {
    body = dechunk(rest);
  } else if (complete && length === undefined) {
    body = rest.toString('utf8');
  }
  return { status, headers, body };
}

function dechunk(bytes: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}
