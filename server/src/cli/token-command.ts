import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { signViewerToken } from '../access/viewer-token';
import { ConfigFileError } from '../config-file/config-file-error';
import { parseConfigText } from '../config-file/parse-config-file';
import { parseArgs, UsageError, type Command } from './command';

const DEFAULT_TTL_S = 3600;

const USAGE = `usage: brume token <stream> [--ttl seconds] [--config path]

Prints a signed viewer token for <stream>, valid for --ttl seconds (default ${DEFAULT_TTL_S}). A token
for a base name (live) also opens its wildcard streams (live+alice); one for live+alice opens only
that stream. Signed with BRUME_VIEWER_TOKEN_SECRET if set, else auth.viewerTokenSecret of the config
file (--config, or BRUME_CONFIG). Viewers pass it as ?token=... (or Authorization: Bearer ...).`;

/** `brume token`: mints a viewer token with the relay's secret. */
export const tokenCommand: Command = {
  summary: 'print a signed viewer token for a stream (--ttl seconds, --config file)',
  usage: USAGE,
  async run(args, io) {
    const { positional, values } = parseArgs(args, { values: ['ttl', 'config'], booleans: [] });
    const [stream, ...extra] = positional;
    if (!stream || extra.length > 0) throw new UsageError('give one stream name');
    const ttl = values.get('ttl') ?? String(DEFAULT_TTL_S);
    if (!/^\d+$/.test(ttl) || Number(ttl) < 1)
      throw new UsageError('--ttl is a whole number of seconds (≥ 1)');
    const file = values.get('config') ?? (process.env.BRUME_CONFIG || undefined);
    let secret = process.env.BRUME_VIEWER_TOKEN_SECRET || undefined;
    if (secret === undefined && file !== undefined) {
      try {
        secret = await secretOf(file);
      } catch (error) {
        io.stderr.write(`brume token: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }
    }
    if (secret === undefined) {
      io.stderr.write(
        `brume token: no secret: set BRUME_VIEWER_TOKEN_SECRET, or give --config with auth.viewerTokenSecret\n`,
      );
      return 1;
    }
    let token: string;
    try {
      token = signViewerToken(secret, { stream, expiresAtMs: Date.now() + Number(ttl) * 1000 });
    } catch (error) {
      // An invalid stream name.
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    io.stdout.write(`${token}\n`);
    return 0;
  },
};

async function secretOf(file: string): Promise<string | undefined> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw ConfigFileError.unreadable(absolute, error);
  }
  return parseConfigText(text, absolute).auth?.viewerTokenSecret || undefined;
}
