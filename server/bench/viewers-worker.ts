/**
 * The viewers of `nginx-edge.bench.ts` in a thread of their own, so their fetch loops do not starve
 * the relay's event loop (which would then make fewer parts). Runs `clients` followers of `url`
 * until told to stop, then posts their stats (`received` as entries: Maps do not cross threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setMaxListeners } from 'node:events';
import { followLlHls } from '../src/testing/ll-hls-follower';

const { url, clients } = workerData as { url: string; clients: number };
const stop = new AbortController();
setMaxListeners(0, stop.signal);
parentPort!.once('message', () => stop.abort());
const stats = await Promise.all(Array.from({ length: clients }, () => followLlHls(url, stop.signal)));
parentPort!.postMessage(stats.map((client) => ({ ...client, received: [...client.received] })));
