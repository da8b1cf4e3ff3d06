import { parseStreamName } from '@brume/protocol';

/** What a request means to a pulled stream. */
export type PullRequest =
  /** Reads the stream's info or state feed: starts the pull, answered at once. */
  | { kind: 'info'; name: string }
  /** Asks for media: starts the pull and waits (a while) for it to go live. */
  | { kind: 'output'; name: string }
  /** A WHIP publish: refused for a pulled stream. */
  | { kind: 'publish'; name: string };

const INFO = /^\/api\/streams\/([^/?]+)(?:\/(?:events|ws))?\/?(?:\?|$)/;
const OUTPUT = /^\/(?:hls|dash|ws|whep)\/([^/?]+)(?:[/?]|$)/;
const PROGRESSIVE = /^\/([^/?]+)\.(?:mp4|ts)(?:\?|$)/;
const CLIP = /^\/clip\/([^/?]+)\.(?:mp4|ts|mkv)(?:\?|$)/;
const WHIP = /^\/whip\/([^/?]+)\/?(?:\?|$)/;

/**
 * Which stream a request (or WebSocket upgrade) is about and what it wants of it, from its method
 * and URL; undefined for anything else, or for a name that is not a valid stream name.
 */
export function pullRequestOf(method: string, url: string): PullRequest | undefined {
  const match = (pattern: RegExp) => {
    const raw = pattern.exec(url)?.[1];
    if (raw === undefined) return undefined;
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    return parseStreamName(name) ? name : undefined;
  };
  if (method === 'POST') {
    const whip = match(WHIP);
    if (whip) return { kind: 'publish', name: whip };
  }
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') return undefined;
  const info = method === 'POST' ? undefined : match(INFO);
  if (info) return { kind: 'info', name: info };
  const output = match(OUTPUT) ?? (method === 'POST' ? undefined : (match(CLIP) ?? match(PROGRESSIVE)));
  if (output && (method !== 'POST' || url.startsWith('/whep/'))) return { kind: 'output', name: output };
  return undefined;
}
