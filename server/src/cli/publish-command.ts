import { MAX_PUBLISH_COUNT, runPublish, type PublishOptions } from '../load/publish-run';
import { PublishError } from '../load/publish-error';
import type { PublishSource } from '../load/publish-ffmpeg-args';
import { parseArgs, UsageError, type Command } from './command';

const USAGE = `usage: brume publish <stream> [--server URL] [--key K] [--test-pattern | --file f.mp4 [--loop] [--copy]]
       [--size 1280x720] [--fps 30] [--bitrate 2500k] [--gop 2s] [--count N] [--duration S]

Publishes over WHIP from Node (werift), as a load tool: ffmpeg encodes a test pattern (testsrc2 and a
440 Hz tone, the default) or plays --file in real time (--loop to repeat it; --copy sends its H.264
as it is, which needs a file without B-frames), as H.264 constrained baseline (libx264 zerolatency,
near-CBR at --bitrate, a keyframe every --gop) and Opus. Every picture carries a Brume SEI timecode
(its capture time), so the relay and viewers can read publish latency.

  --server URL     the relay (default http://127.0.0.1:8080)
  --key K          the stream's publish key (sent as Authorization: Bearer)
  --count N        publish <stream>-1 … <stream>-N from the one encode (at most ${MAX_PUBLISH_COUNT})
  --duration S     stop after S seconds (else at SIGINT/SIGTERM, or the end of a file without --loop)

Prints a status line every few seconds. Each session is DELETEd and ffmpeg stopped on exit.`;

const VALUES = [
  'server',
  'key',
  'file',
  'size',
  'fps',
  'bitrate',
  'gop',
  'count',
  'duration',
  'status-interval',
] as const;
const BOOLEANS = ['test-pattern', 'loop', 'copy'] as const;

/** `brume publish`: the headless WHIP load publisher. */
export const publishCommand: Command = {
  summary: 'publish a test pattern or file over WHIP (--count N streams, --duration S)',
  usage: USAGE,
  async run(args, io) {
    const options = parsePublishArgs(args);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const result = await runPublish(options, io.stdout, controller.signal);
      const { totals } = result;
      io.stdout.write(
        `stopped (${result.end}): ${result.pictures} pictures, ${(totals.bytes / 1e6).toFixed(1)} MB sent to ${result.streams.length} stream(s), nacks ${totals.nacks}, plis ${totals.plis}\n`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      io.stderr.write(`brume publish: ${error.message} [${error.code}]\n`);
      return 1;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};

/** `brume publish` flags → options; a `UsageError` for anything out of range. */
export function parsePublishArgs(args: readonly string[]): PublishOptions {
  const { positional, values, booleans } = parseArgs(args, { values: VALUES, booleans: BOOLEANS });
  const [stream, ...extra] = positional;
  if (!stream || extra.length > 0) throw new UsageError('give one stream name');
  const file = values.get('file');
  if (file !== undefined && booleans.has('test-pattern'))
    throw new UsageError('--file or --test-pattern, not both');
  if (file === undefined && (booleans.has('loop') || booleans.has('copy')))
    throw new UsageError('--loop and --copy go with --file');
  const sizeText = values.get('size');
  const size = sizeText === undefined ? undefined : /^(\d{2,5})x(\d{2,5})$/.exec(sizeText);
  if (size === null) throw new UsageError('--size is WIDTHxHEIGHT, e.g. 1280x720');
  const [width, height] = size ? [Number(size[1]), Number(size[2])] : [1280, 720];
  if (width % 2 || height % 2) throw new UsageError('--size needs even numbers (4:2:0 video)');
  const fpsText = values.get('fps');
  const fps = number(fpsText ?? '30', '--fps', 1, 120);
  if (file !== undefined && booleans.has('copy') && (sizeText !== undefined || fpsText !== undefined))
    throw new UsageError('--copy sends the file as it is: no --size or --fps');
  const source: PublishSource =
    file === undefined
      ? { kind: 'test-pattern', width, height, fps }
      : {
          kind: 'file',
          path: file,
          loop: booleans.has('loop'),
          copy: booleans.has('copy'),
          hasAudio: true,
          ...(sizeText !== undefined ? { width, height } : {}),
          ...(fpsText !== undefined ? { fps } : {}),
        };
  const countText = values.get('count');
  const durationText = values.get('duration');
  const server = values.get('server') ?? 'http://127.0.0.1:8080';
  if (!/^https?:\/\/[^/]/.test(server)) throw new UsageError('--server is an http(s):// URL');
  return {
    server,
    stream,
    count: countText === undefined ? undefined : number(countText, '--count', 1, MAX_PUBLISH_COUNT),
    key: values.get('key'),
    source,
    encode: {
      bitrate: bitrate(values.get('bitrate') ?? '2500k'),
      gopSeconds: seconds(values.get('gop') ?? '2s', '--gop', 0.1, 60),
      audioBitrate: 64_000,
    },
    durationS:
      durationText === undefined ? undefined : seconds(durationText, '--duration', 0.1, 7 * 24 * 3600),
    statusIntervalMs: seconds(values.get('status-interval') ?? '5', '--status-interval', 0.1, 3600) * 1000,
    connectTimeoutMs: 10_000,
  };
}

function number(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max)
    throw new UsageError(`${flag} is a number from ${min} to ${max}`);
  return value;
}

/** `2500k`, `2.5M` or bits per second. */
function bitrate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  const value = match ? Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]!.toLowerCase()] ?? 1) : NaN;
  if (!(value >= 50_000 && value <= 50_000_000)) throw new UsageError('--bitrate is 50k to 50M (e.g. 2500k)');
  return Math.round(value);
}

/** `2`, `2s` or `500ms`. */
function seconds(text: string, flag: string, min: number, max: number): number {
  const match = /^(\d+(?:\.\d+)?)(s|ms)?$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] === 'ms' ? 1000 : 1) : NaN;
  if (!(value >= min && value <= max))
    throw new UsageError(`${flag} is a duration from ${min} s to ${max} s (e.g. 2s)`);
  return value;
}
