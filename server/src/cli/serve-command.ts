import { startRelay } from '../start-relay';
import { parseArgs, UsageError, type Command } from './command';

const USAGE = `usage: brume serve [--config path] [--port N] [--host H] [--metadata-port N] [--origin URL[,URL…]] [--log-level L]

Runs the relay. Settings come from, highest first: these flags, the environment (BRUME_CONFIG,
PORT, HOST, BRUME_PUBLIC_URL, BRUME_ICE_SERVERS, BRUME_ICE_HOSTS, BRUME_METADATA_PORT, BRUME_ORIGIN,
BRUME_ORIGIN_TOKEN, LOG_LEVEL),
the config file (YAML or JSON, see server/brume.example.yaml), then the defaults. The config file
is reloaded when it changes on disk; a broken edit is refused and the running config stays.
With --origin this relay is an edge: streams it does not have are pulled from the origins over WHEP.`;

const VALUES = ['config', 'port', 'host', 'metadata-port', 'origin', 'log-level'] as const;

/** `brume serve`: the relay in the foreground until SIGINT/SIGTERM. */
export const serveCommand: Command = {
  summary: 'run the relay (--config file, --port, --log-level)',
  usage: USAGE,
  async run(args, io) {
    const { positional, values } = parseArgs(args, { values: VALUES, booleans: [] });
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    const flags = [...values].flatMap(([flag, value]) => [`--${flag}`, value]);
    try {
      await startRelay(flags, process.env);
    } catch (error) {
      // A bad value (a port out of range, an unknown level), a broken config file, a port in use.
      io.stderr.write(`brume serve: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    // Running: the process lives until a signal closes the relay.
    return new Promise<number>(() => {});
  },
};
