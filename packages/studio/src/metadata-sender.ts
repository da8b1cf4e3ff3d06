import { isErrorBody, type MetadataTrackKind } from '@brume/protocol';
import { StudioError } from './studio-error';

export interface MetadataSenderOptions {
  /** Origin of the Brume server (default: this page's). */
  server?: string;
  /** The stream key, sent as a Bearer token like the WHIP publish. */
  token?: string;
  fetch?: typeof fetch;
}

export interface MetadataSent {
  accepted: number;
  ids: number[];
}

/** What the studio's metadata panel sends: a JSON value, or one caption line shown for a while. */
export type MetadataMessage =
  { kind: 'json'; data: unknown } | { kind: 'subtitle'; text: string; durationMs: number; lang?: string };

/**
 * Sends timed metadata to a live stream (`POST /api/streams/:name/tracks/:track`), stamped by the
 * server at the live edge on arrival, so viewers get it on the frame that was live when it was sent.
 * A caption track is declared as a subtitle track first (`PUT`), once per track name.
 */
export class MetadataSender {
  private readonly declared = new Set<string>();
  private readonly fetcher: typeof fetch;
  private readonly server: string;

  constructor(private readonly options: MetadataSenderOptions = {}) {
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    this.server = (options.server ?? globalThis.location?.origin ?? '').replace(/\/$/, '');
  }

  async send(stream: string, track: string, message: MetadataMessage): Promise<MetadataSent> {
    if (message.kind === 'subtitle') await this.declare(stream, track, 'subtitle', message.lang);
    const event =
      message.kind === 'json' ? { data: message.data } : { data: message.text, duration: message.durationMs };
    const body = await this.request('POST', stream, track, event);
    const result = body as Partial<MetadataSent> | undefined;
    return { accepted: result?.accepted ?? 1, ids: Array.isArray(result?.ids) ? result.ids : [] };
  }

  private async declare(stream: string, track: string, kind: MetadataTrackKind, lang?: string) {
    const key = `${stream}/${track}`;
    if (this.declared.has(key)) return;
    await this.request('PUT', stream, track, { kind, ...(lang ? { lang } : {}) });
    this.declared.add(key);
  }

  private async request(method: string, stream: string, track: string, body: unknown): Promise<unknown> {
    const url = `${this.server}/api/streams/${encodeURIComponent(stream)}/tracks/${encodeURIComponent(track)}`;
    let response: Response;
    try {
      response = await this.fetcher(url, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw StudioError.connectionFailed(error instanceof Error ? error.message : String(error), error);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const reason = isErrorBody(parsed)
        ? parsed.error.message
        : `the server answered ${response.status} ${response.statusText}`.trim();
      throw new StudioError('studio/metadata-rejected', `The metadata was not sent: ${reason}`);
    }
    return parsed;
  }
}
