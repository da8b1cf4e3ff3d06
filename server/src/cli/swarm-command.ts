import { runSwarm } from '../load/swarm';
import { checkSwarmOptions, SWARM_LIMITS, SwarmOptionsError, type SwarmOptions } from '../load/swarm-options';
import { formatSwarmReport } from '../load/swarm-report';
import { parseArgs, UsageError, type Command } from './command';

const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_DURATION_S = 30;

const USAGE = `usage: brume swarm <stream> [--whep N] [--ws N] [--hls N] [--dash N] [--duration S] [--ramp S]
                   [--url ${DEFAULT_URL}] [--token T] [--json] [--allow-remote]

Headless viewers of <stream> in this process: WHEP (werift), fMP4 over WebSocket, LL-HLS (blocking
playlist reload, parts) and LL-DASH (chunked segments). They count pictures from the bitstream
without decoding, gaps, latency from the publisher's SEI timecode (brume publish), request timings
and errors, and print a report per protocol (--json: machine-readable). Joins are spread over
--ramp seconds; the run stops after --duration seconds (default ${DEFAULT_DURATION_S}) or on Ctrl-C (WHEP
sessions are deleted, sockets closed). At most ${SWARM_LIMITS.clientsPerProtocol} clients per protocol and ${SWARM_LIMITS.durationS} s; loopback
only unless --allow-remote.`;

const COUNTS = ['whep', 'ws', 'hls', 'dash'] as const;

/** `brume swarm`: a bounded load of headless viewers, with a report. */
export const swarmCommand: Command = {
  summary: 'headless viewers (--whep/--ws/--hls/--dash N, --duration S) with a report',
  usage: USAGE,
  async run(args, io) {
    const { positional, values, booleans } = parseArgs(args, {
      values: [...COUNTS, 'duration', 'ramp', 'url', 'token'],
      booleans: ['json', 'allow-remote'],
    });
    const [stream, ...extra] = positional;
    if (!stream || extra.length > 0) throw new UsageError('give one stream name');
    const number = (flag: string, fallback: number): number => {
      const text = values.get(flag);
      if (text === undefined) return fallback;
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value))
        throw new UsageError(`--${flag} is a number, got ${text}`);
      return value;
    };
    let url: URL;
    try {
      url = new URL(values.get('url') ?? DEFAULT_URL);
    } catch {
      throw new UsageError(`--url is not a URL: ${values.get('url')}`);
    }
    const options: SwarmOptions = {
      url,
      stream,
      clients: {
        whep: number('whep', 0),
        ws: number('ws', 0),
        hls: number('hls', 0),
        dash: number('dash', 0),
      },
      durationS: number('duration', DEFAULT_DURATION_S),
      rampS: number('ramp', 0),
      token: values.get('token'),
      allowRemote: booleans.has('allow-remote'),
    };
    try {
      checkSwarmOptions(options);
    } catch (error) {
      if (error instanceof SwarmOptionsError) throw new UsageError(error.message);
      throw error;
    }
    const interrupt = new AbortController();
    const onSignal = () => {
      io.stderr.write('brume swarm: stopping…\n');
      interrupt.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const report = await runSwarm(options, interrupt.signal);
      io.stdout.write(
        booleans.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatSwarmReport(report),
      );
      return report.protocols.every((p) => p.receiving === p.requested) ? 0 : 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
