/**
 * A relay that records every stream to `argv[2]`, in a process of its own: the recording crash
 * test kills it with SIGKILL. Prints its base URL on one line once listening.
 */
import { createServer } from '../index';
import { LOOPBACK } from './werift-client';

const dir = process.argv[2];
if (!dir) throw new Error('usage: recording-relay-process.ts <recordings dir>');
const server = await createServer({
  port: 0,
  host: '127.0.0.1',
  ice: LOOPBACK,
  logLevel: 'silent',
  recording: { dir, streams: 'all', segmentMs: 600_000 },
});
process.stdout.write(`${await server.listen()}\n`);
