import { isErrorBody } from '@brume/protocol';
import { createInterface } from 'node:readline';
import { parseArgs, UsageError, type Command, type CommandIo } from './command';

/** Events per POST, and the most bytes of lines per POST (the server takes 1 MiB). */
const BATCH_EVENTS = 100;
const BATCH_BYTES = 512 * 1024;
/** A batch goes out once standard input has been quiet this long (a live pipe), or is full. */
const IDLE_FLUSH_MS = 100;
/** Rate-limited batches are retried this many times (after the server's Retry-After). */
const MAX_RETRIES = 10;

const USAGE = `usage: brume meta <stream> <track> [--server URL] [--subtitles] [--time MS]

Reads events from standard input and posts them to POST /api/streams/<stream>/tracks/<track>.
  JSON Lines (default): one event per line, {"data": ..., "time"?: ms, "duration"?: ms};
    sent in batches as lines come (a live pipe works).
  --subtitles: a WebVTT or SRT document; cue times count from --time (stream ms; default: the
    live edge when it arrives).
  --server URL: the relay (default http://localhost:8080, or BRUME_SERVER).
Prints what was accepted; exits 1 with the server's error (and the input line it is about).`;

interface Batch {
  /** Input line number of each line in the batch. */
  lines: number[];
  texts: string[];
  bytes: number;
}

/** `brume meta`: standard input → metadata events on a live stream. */
export const metaCommand: Command = {
  summary: 'send metadata events (JSON Lines) or subtitles (WebVTT/SRT) from standard input',
  usage: USAGE,
  async run(args, io) {
    const { positional, values, booleans } = parseArgs(args, {
      values: ['server', 'time'],
      booleans: ['subtitles'],
    });
    const [stream, track, ...extra] = positional;
    if (!stream || !track || extra.length > 0) throw new UsageError('give a stream and a track name');
    const server = (values.get('server') ?? process.env.BRUME_SERVER ?? 'http://localhost:8080').replace(
      /\/+$/,
      '',
    );
    const time = values.get('time');
    if (time !== undefined && !(Number(time) >= 0))
      throw new UsageError('--time is stream milliseconds (≥ 0)');
    const url = new URL(
      `${server}/api/streams/${encodeURIComponent(stream)}/tracks/${encodeURIComponent(track)}`,
    );
    if (time !== undefined) url.searchParams.set('time', time);
    const sender = new Sender(url, io);
    return booleans.has('subtitles') ? sender.subtitles() : sender.lines();
  },
};

class Sender {
  private accepted = 0;

  constructor(
    private readonly url: URL,
    private readonly io: CommandIo,
  ) {}

  async subtitles(): Promise<number> {
    let text = '';
    for await (const chunk of this.io.stdin) text += String(chunk);
    const type = /^\uFEFF?WEBVTT/.test(text) ? 'text/vtt' : 'application/x-subrip';
    const ok = await this.post(text, type, (message) => message);
    return this.finish(ok);
  }

  async lines(): Promise<number> {
    let batch: Batch = { lines: [], texts: [], bytes: 0 };
    let sending: Promise<boolean> = Promise.resolve(true);
    let idle: NodeJS.Timeout | undefined;
    let failed = false;
    const flush = () => {
      clearTimeout(idle);
      if (batch.texts.length === 0) return;
      const full = batch;
      batch = { lines: [], texts: [], bytes: 0 };
      sending = sending.then(async (ok) => {
        if (!ok) return false;
        const sent = await this.post(full.texts.join('\n'), 'application/x-ndjson', (message) =>
          inputLine(message, full.lines),
        );
        if (!sent) failed = true;
        return sent;
      });
    };
    const reader = createInterface({ input: this.io.stdin, crlfDelay: Infinity });
    let number = 0;
    for await (const line of reader) {
      number += 1;
      if (failed) break;
      if (line.trim() === '') continue;
      batch.lines.push(number);
      batch.texts.push(line);
      batch.bytes += Buffer.byteLength(line) + 1;
      if (batch.texts.length >= BATCH_EVENTS || batch.bytes >= BATCH_BYTES) flush();
      else {
        clearTimeout(idle);
        idle = setTimeout(flush, IDLE_FLUSH_MS);
      }
    }
    reader.close();
    flush();
    return this.finish(await sending);
  }

  private finish(ok: boolean): number {
    const target = `${this.url.pathname.split('/')[3]}/${this.url.pathname.split('/')[5]}`;
    if (ok)
      this.io.stdout.write(
        `${this.accepted} event${this.accepted === 1 ? '' : 's'} accepted on ${decodeURIComponent(target)}\n`,
      );
    return ok ? 0 : 1;
  }

  /** One POST, retried after Retry-After when rate-limited; false (with the error printed) on refusal. */
  private async post(body: string, type: string, where: (message: string) => string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.url, { method: 'POST', headers: { 'content-type': type }, body });
      } catch (error) {
        const reason =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
        this.io.stderr.write(`brume meta: cannot reach ${this.url.origin}: ${reason}\n`);
        return false;
      }
      const text = await response.text();
      const json = parse(text);
      if (response.status === 202 && json && typeof json === 'object' && 'ids' in json) {
        const ids = (json as { ids: number[] }).ids;
        this.accepted += ids.length;
        this.io.stdout.write(`accepted ${ids.length} (ids ${ids[0]}–${ids[ids.length - 1]})\n`);
        return true;
      }
      if (response.status === 429 && attempt < MAX_RETRIES) {
        const seconds = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, seconds) * 1000));
        continue;
      }
      const message = isErrorBody(json)
        ? `${json.error.code}: ${where(json.error.message)}`
        : `HTTP ${response.status}: ${text.slice(0, 200)}`;
      this.io.stderr.write(`brume meta: ${message}\n`);
      return false;
    }
  }
}

/** The server numbers a batch's lines from 1; say which input line that was. */
function inputLine(message: string, lines: readonly number[]): string {
  return message.replace(/^line (\d+)/, (whole, n: string) => {
    const line = lines[Number(n) - 1];
    return line === undefined ? whole : `input line ${line}`;
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
