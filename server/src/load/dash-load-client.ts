import { findSeiTimecodeAvcc } from '@brume/protocol';
import { liveSegmentNumber, parseDashTemplate, segmentAvailableAtMs, type DashTemplate } from './dash-mpd';
import { FragmentReader, parseFragments, parseInitSegment, type Fmp4Track } from './fmp4-samples';
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
} from './load-stats';

/** Between tries of a segment that is not there yet (clock edge), and after other failures. */
const RETRY_MS = 100;
/** Further behind the live edge than this many segments, the client jumps to the edge. */
const MAX_BEHIND = 2;

/**
 * An LL-DASH viewer: the MPD, the video init segment once, then each `$Number$` segment from the
 * live edge on, requested as soon as it becomes available (`availabilityTimeOffset`) and read as
 * its chunks arrive, the way dash.js's low-latency mode does. Video only, like the LL-HLS client.
 */
export class DashLoadClient implements LoadClient {
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
      const mpdUrl = targetUrl(this.target, `/dash/${encodeURIComponent(this.target.stream)}/index.mpd`);
      let { template, tracks } = await this.load(mpdUrl, signal);
      stats.connected = true;
      let number = liveSegmentNumber(template, Date.now());
      while (!signal.aborted) {
        if (!template.dynamic) {
          stats.ended = true;
          break;
        }
        await pause(segmentAvailableAtMs(template, number) - Date.now(), signal);
        if (signal.aborted) break;
        const url = resolveWithToken(
          template.media.replace('$Number$', String(number)),
          mpdUrl,
          this.target.token,
        );
        const got = await this.segment(url, number, tracks, template, signal);
        if (got === 'gone') {
          // A new publish (new template) or the end (static MPD): look again.
          ({ template, tracks } = await this.load(mpdUrl, signal));
          const live = liveSegmentNumber(template, Date.now());
          if (live !== number) stats.skipped++;
          number = live;
          continue;
        }
        number++;
        const live = liveSegmentNumber(template, Date.now());
        if (live - number > MAX_BEHIND) {
          stats.skipped++;
          number = live;
        }
      }
    } catch (error) {
      if (!signal.aborted) {
        if (!stats.connected) stats.failed = true;
        if (!(error instanceof DashClientError)) stats.error(codeOf(error));
      }
    } finally {
      stats.stoppedAtMs = Date.now();
    }
  }

  private async load(
    mpdUrl: URL,
    signal: AbortSignal,
  ): Promise<{ template: DashTemplate; tracks: Fmp4Track[] }> {
    const mpd = new TextDecoder().decode(await this.get(mpdUrl, 'mpd', signal));
    const template = parseDashTemplate(mpd);
    const init = resolveWithToken(template.initialization, mpdUrl, this.target.token);
    return { template, tracks: parseInitSegment(await this.get(init, 'init', signal)) };
  }

  /**
   * Reads segment `number` chunk by chunk. 'gone' when it is not there (404) past its time: the
   * MPD has to be read again. Other failures are counted and the segment skipped.
   */
  private async segment(
    url: URL,
    number: number,
    tracks: Fmp4Track[],
    template: DashTemplate,
    signal: AbortSignal,
  ): Promise<'done' | 'gone'> {
    const { stats, shared } = this;
    const video = tracks.find((track) => track.kind === 'video');
    const giveUpAt = segmentAvailableAtMs(template, number) + (template.duration / template.timescale) * 1000;
    for (;;) {
      const started = performance.now();
      let response: Response;
      try {
        response = await fetch(url, { signal });
      } catch (error) {
        if (!signal.aborted) {
          stats.error(thrownErrorCode(error));
          stats.skipped++;
          await pause(RETRY_MS, signal);
        }
        return 'done';
      }
      if (response.status === 404 && Date.now() < giveUpAt) {
        // Our clock runs a little ahead of the relay's segmenter: not an error yet.
        await response.body?.cancel();
        await pause(RETRY_MS, signal);
        continue;
      }
      if (!response.ok || !response.body) {
        stats.error(await httpErrorCode(response));
        if (response.status === 404) return 'gone';
        stats.skipped++;
        await pause(RETRY_MS, signal);
        return 'done';
      }
      shared.request('segment-first-byte', performance.now() - started);
      const reader = new FragmentReader();
      let chunk = 0;
      try {
        for await (const piece of response.body) {
          stats.bytes += piece.length;
          for (const fragment of reader.push(piece)) {
            const now = Date.now();
            shared.arrival.arrive(`${url.pathname}#${chunk++}`, now);
            for (const sample of parseFragments(fragment, tracks)) {
              if (sample.trackId !== video?.id) continue;
              stats.pictures.add(sample.decodeTime, sample.duration);
              shared.picture(stats, now, findSeiTimecodeAvcc(sample.data));
            }
          }
        }
        shared.request('segment', performance.now() - started);
      } catch (error) {
        if (!signal.aborted) {
          stats.error(codeOf(error));
          stats.skipped++;
        }
      }
      return 'done';
    }
  }

  private async get(url: URL, kind: 'mpd' | 'init', signal: AbortSignal): Promise<Uint8Array> {
    const started = performance.now();
    const response = await fetch(url, { signal });
    if (!response.ok) {
      this.stats.error(await httpErrorCode(response));
      throw new DashClientError();
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.shared.request(kind, performance.now() - started);
    this.stats.bytes += bytes.length;
    return bytes;
  }
}

/** A failure already counted (an HTTP error answer). */
class DashClientError extends Error {
  override name = 'DashClientError';
}

function codeOf(error: unknown): string {
  if (error instanceof SyntaxError) return 'dash/bad-mpd';
  if (error instanceof Error && error.name === 'Fmp4Error') return 'fmp4/invalid';
  return thrownErrorCode(error);
}
