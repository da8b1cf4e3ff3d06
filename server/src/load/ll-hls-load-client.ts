import { findSeiTimecodeAvcc } from '@brume/protocol';
import { parseFragments, parseInitSegment, type Fmp4Track } from './fmp4-samples';
import {
  firstVariant,
  nextPart,
  parseMediaPlaylist,
  type MediaPlaylist,
  type PlaylistPart,
} from './ll-hls-playlist';
import {
  httpErrorCode,
  pause,
  resolveWithToken,
  targetUrl,
  thrownErrorCode,
  type ClientStats,
  type LoadClient,
  type LoadTarget,
  type ProtocolStats,
  type RequestKind,
} from './load-stats';

/** After a failed request, before the next try. */
const RETRY_MS = 250;

/**
 * An LL-HLS viewer the way hls.js plays in low-latency mode, minus the decoding: multivariant
 * playlist, the first variant's media playlist, its init segment once, then a blocking reload
 * (`_HLS_msn`/`_HLS_part`) for the part after the last one it has, fetching each new part once.
 * It starts at the newest part listed, so it measures delivery at the live edge. Video only: the
 * audio rendition would double the requests without telling more about the server.
 */
export class LlHlsLoadClient implements LoadClient {
  readonly stats: ClientStats;

  constructor(
    private readonly target: LoadTarget,
    private readonly shared: ProtocolStats,
  ) {
    this.stats = shared.client();
  }

  async run(signal: AbortSignal): Promise<void> {
    const { stats } = this;
    stats.startedAtMs = Date.now();
    try {
      const master = targetUrl(this.target, `/hls/${encodeURIComponent(this.target.stream)}/index.m3u8`);
      const variant = firstVariant(await this.text(master, 'playlist', signal));
      if (!variant) throw new HlsClientError('hls/no-variant');
      const mediaUrl = resolveWithToken(variant, master, this.target.token);
      let playlist = parseMediaPlaylist(await this.text(mediaUrl, 'playlist', signal));
      stats.connected = true;
      let map: string | undefined;
      let tracks: Fmp4Track[] = [];
      let last: PlaylistPart | undefined;
      while (!signal.aborted) {
        if (playlist.map !== map) {
          // First load, or a new publish behind the same name: a new init segment.
          map = playlist.map;
          if (!map) throw new HlsClientError('hls/no-map');
          tracks = parseInitSegment(
            await this.bytes(resolveWithToken(map, mediaUrl, this.target.token), 'init', signal),
          );
          last = undefined;
        }
        const fresh = newParts(playlist, last);
        if (last && fresh.length > 0 && !follows(last, fresh[0]!)) stats.skipped++;
        for (const part of fresh) {
          if (signal.aborted) break;
          await this.part(part, mediaUrl, tracks, signal);
          last = part;
        }
        if (playlist.ended) {
          stats.ended = true;
          break;
        }
        // Nothing listed yet (a stream just starting): a plain reload after a while.
        if (!last) await pause(RETRY_MS, signal);
        playlist = await this.reload(mediaUrl, playlist, last, signal);
      }
    } catch (error) {
      if (!signal.aborted) {
        if (!stats.connected) stats.failed = true;
        if (!(error instanceof HlsClientError && error.counted)) stats.error(codeOf(error));
      }
    } finally {
      stats.stoppedAtMs = Date.now();
    }
  }

  /** A blocking reload for the part after `last`; on a failed try, waits and asks again. */
  private async reload(
    mediaUrl: URL,
    playlist: MediaPlaylist,
    last: PlaylistPart | undefined,
    signal: AbortSignal,
  ): Promise<MediaPlaylist> {
    for (;;) {
      const url = new URL(mediaUrl);
      if (last) {
        const next = nextPart(playlist, last);
        url.searchParams.set('_HLS_msn', String(next.msn));
        url.searchParams.set('_HLS_part', String(next.part));
      }
      try {
        return parseMediaPlaylist(await this.text(url, 'playlist', signal));
      } catch (error) {
        if (signal.aborted) throw error;
        if (!(error instanceof HlsClientError && error.counted)) this.stats.error(codeOf(error));
        // The stream went away (404): there is nothing to follow any more.
        if (error instanceof HlsClientError && error.status === 404) throw error;
        await pause(RETRY_MS, signal);
        // Asked for a part that will not come (a new publish): start over from the plain playlist.
        last = undefined;
      }
    }
  }

  private async part(
    part: PlaylistPart,
    mediaUrl: URL,
    tracks: Fmp4Track[],
    signal: AbortSignal,
  ): Promise<void> {
    const url = resolveWithToken(part.uri, mediaUrl, this.target.token);
    let bytes: Uint8Array;
    try {
      bytes = await this.bytes(url, 'part', signal);
    } catch (error) {
      if (signal.aborted) return;
      if (!(error instanceof HlsClientError && error.counted)) this.stats.error(codeOf(error));
      this.stats.skipped++;
      return;
    }
    const now = Date.now();
    this.shared.arrival.arrive(url.pathname, now);
    const video = tracks.find((track) => track.kind === 'video');
    for (const sample of parseFragments(bytes, tracks)) {
      if (sample.trackId !== video?.id) continue;
      this.stats.pictures.add(sample.decodeTime, sample.duration);
      this.shared.picture(this.stats, now, findSeiTimecodeAvcc(sample.data));
    }
  }

  private async text(url: URL, kind: RequestKind, signal: AbortSignal): Promise<string> {
    return new TextDecoder().decode(await this.bytes(url, kind, signal));
  }

  /** GETs `url` whole, timing it as `kind`; a non-2xx answer is counted, then thrown. */
  private async bytes(url: URL, kind: RequestKind, signal: AbortSignal): Promise<Uint8Array> {
    const started = performance.now();
    const response = await fetch(url, { signal });
    if (!response.ok) {
      this.stats.error(await httpErrorCode(response));
      throw new HlsClientError(`http/${response.status}`, response.status, true);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.shared.request(kind, performance.now() - started);
    this.stats.bytes += bytes.length;
    return bytes;
  }
}

class HlsClientError extends Error {
  override name = 'HlsClientError';
  constructor(
    readonly code: string,
    readonly status?: number,
    /** Already in the client's error counts. */
    readonly counted = false,
  ) {
    super(code);
  }
}

function codeOf(error: unknown): string {
  if (error instanceof HlsClientError) return error.code;
  if (error instanceof SyntaxError) return 'hls/bad-playlist';
  if (error instanceof Error && error.name === 'Fmp4Error') return 'fmp4/invalid';
  return thrownErrorCode(error);
}

/** Parts listed after `last` (all of the newest one when there is no `last`: the live edge). */
function newParts(playlist: MediaPlaylist, last: PlaylistPart | undefined): PlaylistPart[] {
  if (!last) return playlist.parts.slice(-1);
  return playlist.parts.filter((p) => p.msn > last.msn || (p.msn === last.msn && p.index > last.index));
}

/**
 * Whether `part`, the first listed after `last`, comes right after it: the next in the same
 * segment, or the first of the next one (all parts after `last` are listed, so none was missed).
 */
function follows(last: PlaylistPart, part: PlaylistPart): boolean {
  return (
    (part.msn === last.msn && part.index === last.index + 1) ||
    (part.msn === last.msn + 1 && part.index === 0)
  );
}
