import type { SourceInfo, SourceProtocol, StreamInfo } from '@brume/protocol';
import type { SourceInput } from './player-api';

const BY_MIME: [RegExp, SourceProtocol][] = [
  [/mpegurl/i, 'hls'],
  [/dash\+xml/i, 'dash'],
  [/^application\/sdp$/i, 'whep'],
  [/mp2t/i, 'ts'],
  [/^(video|audio)\/(mp4|webm|ogg|quicktime)/i, 'mp4'],
];

const PROTOCOLS: readonly SourceProtocol[] = [
  'whep',
  'ws-mp4',
  'll-hls',
  'hls',
  'll-dash',
  'dash',
  'mp4',
  'ts',
];

const MIME_OF: Record<SourceProtocol, string> = {
  whep: 'application/sdp',
  'ws-mp4': 'video/mp4',
  'll-hls': 'application/vnd.apple.mpegurl',
  hls: 'application/vnd.apple.mpegurl',
  'll-dash': 'application/dash+xml',
  dash: 'application/dash+xml',
  mp4: 'video/mp4',
  ts: 'video/mp2t',
};

/** A protocol from a declared type: a protocol name (`hls`) or a mime type. */
export function protocolOfType(type: string): SourceProtocol | undefined {
  const t = type.trim().toLowerCase();
  if ((PROTOCOLS as readonly string[]).includes(t)) return t as SourceProtocol;
  if (t === 'webrtc') return 'whep';
  return BY_MIME.find(([pattern]) => pattern.test(t))?.[1];
}

/** A protocol from the URL alone (scheme, extension, Brume's paths); `undefined` when it says nothing. */
export function protocolOfUrl(url: string): SourceProtocol | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://base.invalid');
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') return 'ws-mp4';
  const path = parsed.pathname.toLowerCase();
  if (path.endsWith('.m3u8') || path.endsWith('.m3u')) return 'hls';
  if (path.endsWith('.mpd')) return 'dash';
  if (path.endsWith('.ts')) return 'ts';
  if (/\.(mp4|m4v|mov|webm|ogv)$/.test(path)) return 'mp4';
  if (/\/whep(\/|$)/.test(path)) return 'whep';
  return undefined;
}

/**
 * Asks the server what a URL is when neither its type nor its name says: a HEAD (then a GET of the
 * first bytes, for servers that refuse HEAD) and its Content-Type; a playlist body is recognised by
 * its first line.
 */
export async function sniffProtocol(
  url: string,
  fetcher: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<SourceProtocol | undefined> {
  for (const method of ['HEAD', 'GET'] as const) {
    try {
      const response = await fetcher(url, {
        method,
        signal,
        headers: method === 'GET' ? { Range: 'bytes=0-511' } : undefined,
      });
      if (!response.ok) continue;
      const fromType = protocolOfType(response.headers.get('content-type') ?? '');
      if (fromType) return fromType;
      if (method === 'GET') {
        const head = (await response.text()).slice(0, 512).trimStart();
        if (head.startsWith('#EXTM3U')) return 'hls';
        if (/<MPD[\s>]/.test(head)) return 'dash';
      }
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }
  return undefined;
}

/** The source a plain URL stands for, once its protocol is known. Earlier entries rank higher. */
export function plainSource(
  input: SourceInput,
  protocol: SourceProtocol,
  index: number,
  count: number,
): SourceInfo {
  return {
    protocol,
    url: new URL(input.url, globalThis.location?.href ?? 'http://localhost/').href,
    mime: input.type && input.type.includes('/') ? input.type : MIME_OF[protocol],
    priority: count - index,
    lowLatency: protocol === 'whep' || protocol === 'ws-mp4',
    tracks: [],
  };
}

/**
 * The stream info a list of plain sources stands for: no tracks (the engines find them), `live`
 * state so the player starts, and a type the engine corrects once it knows (VoD vs live).
 */
export function plainStreamInfo(sources: SourceInfo[]): StreamInfo {
  return {
    name: 'sources',
    state: 'live',
    type: sources.every((s) => s.protocol === 'whep' || s.protocol === 'ws-mp4') ? 'live' : 'vod',
    tracks: [],
    sources,
    timeline: { startUnixMs: 0, firstMs: 0, lastMs: 0, dvrWindowMs: 0 },
  };
}

/** Resolves every input's protocol: declared type, then URL, then the server's answer. */
export async function resolveSources(
  inputs: readonly SourceInput[],
  fetcher: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<{ sources: SourceInfo[]; unknown: string[] }> {
  const resolved = await Promise.all(
    inputs.map(async (input) => {
      const protocol =
        (input.type ? protocolOfType(input.type) : undefined) ??
        protocolOfUrl(input.url) ??
        (await sniffProtocol(input.url, fetcher, signal));
      return { input, protocol };
    }),
  );
  const sources: SourceInfo[] = [];
  const unknown: string[] = [];
  resolved.forEach(({ input, protocol }, index) => {
    if (protocol) sources.push(plainSource(input, protocol, index, inputs.length));
    else unknown.push(input.url);
  });
  return { sources, unknown };
}
