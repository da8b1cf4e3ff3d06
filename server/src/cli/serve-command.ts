import { startRelay } from '../start-relay';
import { parseArgs, UsageError, type Command } from './command';

const USAGE = `usage: brume serve [--config path] [--port N] [--host H] [--metadata-port N] [--origin URL[,URL…]]
                   [--redis URL] [--node-url URL] [--workers N|auto] [--log-level L]

Runs the relay. Settings come from, highest first: these flags, the environment (BRUME_CONFIG,
PORT, HOST, BRUME_PUBLIC_URL, BRUME_ICE_SERVERS, BRUME_ICE_HOSTS, BRUME_METADATA_PORT, BRUME_ORIGIN,
BRUME_ORIGIN_TOKEN, BRUME_REDIS_URL, BRUME_NODE_URL, BRUME_WORKERS, LOG_LEVEL),
the config file (YAML or JSON, see server/brume.example.yaml), then the defaults. The config file
is reloaded when it changes on disk; a broken edit is refused and the running config stays.

--workers N|auto (or BRUME_WORKERS) runs N relay processes behind the one port (auto, the default:
one per core; 1: a single process); each stream lives on one of them, chosen by its name.

With --origin this relay is an edge: streams it does not have are pulled from the origins over WHEP.
With --redis it is one node of several: publishers register their stream in Redis, and a viewer of
a stream published on another node is served from that node (--node-url: this node's address as
the others reach it).`;

const VALUES = [
  'config',
  'port',
  'host',
  'metadata-port',
  'origin',
  'redis',
  'node-url',
  'workers',
  'log-level',
] as const;

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
