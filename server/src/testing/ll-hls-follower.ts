/** A part by its place: part `part` of media segment `msn`. */
export interface PartRef {
  msn: number;
  part: number;
}

export interface FollowerStats {
  /** Requests made (playlists and parts). */
  requests: number;
  /** `N.P` of each part received → when its last byte arrived (ms, wall clock). */
  received: Map<string, number>;
  /** Holes in what was fetched: `N.P>N'.P'`, a part received and the next listed after it. */
  gaps: string[];
  /** Whole segments fetched to catch up after falling behind the parts the playlist lists. */
  catchUpSegments: number;
  /** Answers other than 200, and failed requests. */
  errors: number;
}

const PART_FILE = /-(\d+)\.(\d+)\.m4s(?:\?|$)/;
const SEGMENT_FILE = /-(\d+)\.m4s(?:\?|$)/;

export interface ListedParts {
  parts: (PartRef & { uri: string })[];
  /** The segments listed with media (not `EXT-X-GAP` ones). */
  segments: { msn: number; uri: string }[];
  hint?: PartRef;
}

/** The parts a media playlist lists, in order, its segments and its preload hint. */
export function listedParts(playlist: string): ListedParts {
  const parts: (PartRef & { uri: string })[] = [];
  const segments: { msn: number; uri: string }[] = [];
  let hint: PartRef | undefined;
  // A segment marked EXT-X-GAP has no media (the publisher stalled): nothing there to fetch.
  let gap = false;
  for (const line of playlist.split('\n')) {
    if (line === '#EXT-X-GAP') gap = true;
    const segment = line.startsWith('#') ? null : SEGMENT_FILE.exec(line);
    if (segment && !gap) segments.push({ msn: Number(segment[1]), uri: line });
    if (segment) gap = false;
    const isPart = line.startsWith('#EXT-X-PART:');
    if (!isPart && !line.startsWith('#EXT-X-PRELOAD-HINT:')) continue;
    const uri = /URI="([^"]+)"/.exec(line)?.[1];
    const numbers = uri === undefined ? null : PART_FILE.exec(uri);
    if (!uri || !numbers) continue;
    const ref = { msn: Number(numbers[1]), part: Number(numbers[2]) };
    if (isPart) parts.push({ ...ref, uri });
    else hint = ref;
  }
  return hint ? { parts, segments, hint } : { parts, segments };
}

function after(a: PartRef, b: PartRef): boolean {
  return a.msn > b.msn || (a.msn === b.msn && a.part > b.part);
}

/**
 * Whether `next`, the first part a playlist lists after `last`, comes right after it. Media
 * sequence numbers may skip (Brume numbers segments by stream time for LL-DASH's `$Number$`), so
 * part 0 of a later segment follows when no segment with media lies between.
 */
function follows(next: PartRef, last: PartRef, listed: ListedParts): boolean {
  if (next.msn === last.msn) return next.part === last.part + 1;
  return next.part === 0 && !listed.segments.some(({ msn }) => msn > last.msn && msn < next.msn);
}

/**
 * A minimal LL-HLS viewer of one media playlist: joins at the live edge, then asks for the next part
 * with a blocking reload (`_HLS_msn`/`_HLS_part` from the preload hint), fetches every part listed
 * after the last it has, and so on until `signal` aborts. Video parts only, one request at a time
 * (hls.js also fetches the hinted part in parallel): enough to load an origin or a cache the way a
 * crowd of players does.
 */
export async function followLlHls(playlistUrl: string, signal: AbortSignal): Promise<FollowerStats> {
  const stats: FollowerStats = { requests: 0, received: new Map(), gaps: [], catchUpSegments: 0, errors: 0 };
  const get = async (url: string): Promise<Response | undefined> => {
    stats.requests += 1;
    try {
      const response = await fetch(url, { signal });
      if (response.status === 200) return response;
      await response.arrayBuffer();
    } catch {
      if (signal.aborted) return undefined;
    }
    stats.errors += 1;
    return undefined;
  };
  let last: PartRef | undefined;
  let next: PartRef | undefined;
  while (!signal.aborted) {
    const url = next ? `${playlistUrl}?_HLS_msn=${next.msn}&_HLS_part=${next.part}` : playlistUrl;
    const response = await get(url);
    if (!response) {
      // A refused or timed-out reload: start again from a fresh playlist, a moment later.
      next = undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      if (!signal.aborted) stats.errors += 1;
      continue;
    }
    const listed = listedParts(text);
    if (!last) {
      // Join at the live edge: the newest listed part is where the viewer starts.
      last = listed.parts.at(-1);
    } else {
      const fresh = listed.parts.filter((candidate) => after(candidate, last!));
      const first = fresh[0];
      if (first && !follows(first, last, listed)) {
        // Fell behind the parts the playlist lists (a slow viewer): catch up on whole segments, as a
        // player does. Only what cannot be fetched either way is a hole.
        const { msn } = last;
        const missed = listed.segments.filter((segment) => segment.msn > msn && segment.msn < first.msn);
        if (first.part !== 0 || first.msn === msn || missed.length === 0) {
          stats.gaps.push(`${last.msn}.${last.part}>${first.msn}.${first.part}`);
        }
        for (const segment of missed) {
          const media = await get(new URL(segment.uri, playlistUrl).href);
          if (await media?.arrayBuffer().catch(() => undefined)) stats.catchUpSegments += 1;
        }
      }
      for (const part of fresh) {
        if (signal.aborted) break;
        const media = await get(new URL(part.uri, playlistUrl).href);
        const body = await media?.arrayBuffer().catch(() => undefined);
        if (!body) break;
        stats.received.set(`${part.msn}.${part.part}`, Date.now());
        last = part;
      }
    }
    next = listed.hint ?? (last && { msn: last.msn, part: last.part + 1 });
  }
  return stats;
}
