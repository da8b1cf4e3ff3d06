/**
 * LL-HLS capacity: blocking playlist reloads and part requests per second the relay answers, what
 * each costs it, and how fast they come back, with up to thousands of viewers. Not a test: run it
 * by hand (`npm run bench:hls`), figures go into BENCHMARKS.md.
 *
 * Processes, loopback only:
 * - relay (`taskset -c 0` when available): a Brume server; reports `process.cpuUsage()` over IPC;
 * - clients (BENCH_CLIENT_PROCS of them, `taskset -c 1`): light LL-HLS followers on `RawHttpClient`
 *   (one keep-alive connection each, ~10× cheaper per request than `fetch`, so the relay and not the
 *   load generator saturates). Each GETs `video.m3u8` once, then loops: a blocking reload for the
 *   preload-hinted part (`?_HLS_msn=M&_HLS_part=P`), then every new video part listed, one at a time;
 * - this process: the werift WHIP publisher (`bench-publisher.ts`, BENCH_BITRATE).
 *
 * Response times: a blocking reload's own duration is mostly the wait for the part, so it is
 * measured from when the part became available instead, taken as the earliest arrival of that
 * reload (same msn and part) at any client of the process: the *arrival spread*. Parts get the
 * same (from the earliest arrival of that part) and their plain request time.
 *
 * For each N in BENCH_STEPS the clients join over BENCH_JOIN_S, settle BENCH_SETTLE_S, then the
 * relay's CPU and the clients' requests are read over BENCH_WINDOW_S.
 *
 * Environment: BENCH_STEPS (250,500,1000; at most 3,000 clients), BENCH_WINDOW_S (10),
 * BENCH_SETTLE_S (3), BENCH_JOIN_S (3), BENCH_BITRATE (1000000), BENCH_CLIENT_PROCS (1),
 * BENCH_PIN (0: no taskset), BENCH_RELAY_ARGS (extra node flags for the relay, e.g. `--cpu-prof`),
 * BENCH_JSON (write the results there too).
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createServer } from '../src/index';
import { followsPart, playlistTail, type PartRef } from '../src/load/ll-hls-tail';
import { RawHttpClient } from '../src/load/raw-http-client';
import { RawHttpError } from '../src/load/raw-http-error';
import { percentile } from '../src/load/samples';
import { LOOPBACK } from '../src/testing/werift-client';
import { benchChild, hasTaskset, request, tell } from './bench-children';
import { startBenchPublisher } from './bench-publisher';

const SELF = fileURLToPath(import.meta.url);
const STREAM = 'bench';
const PLAYLIST = `/hls/${STREAM}/video.m3u8`;
const MAX_CLIENTS = 3000;
/** After a window, how long arrivals of its items are still waited for. */
const GRACE_MS = 2000;
/** Arrival records older than this are dropped. */
const KEEP_MS = 30_000;
/** After a failed playlist request, before the next. */
const RETRY_MS = 100;
/** The relay's blocking reloads give up after 6 s; a request gives up a little later. */
const REQUEST_TIMEOUT_MS = 8000;
const CLIENT_CPU_WARN = 0.85;

type RelayRequest = { type: 'cpu' } | { type: 'stop' };
type RelayReply =
  | { type: 'ready'; port: number }
  /** `stallMs`: the longest event-loop delay since the previous `cpu` request. */
  | { type: 'cpu'; cpuUs: number; at: number; stallMs: number };
type ClientRequest =
  | { type: 'grow'; port: number; count: number; joinMs: number }
  | { type: 'window-start' }
  | { type: 'window-end' }
  | { type: 'stop' };
interface WindowReport {
  type: 'window';
  seconds: number;
  playlists: number;
  parts: number;
  /** Parts listed but not right after the one before: a client fell behind the window. */
  skips: number;
  errors: Record<string, number>;
  partMs: number[];
  reloadSpreadMs: number[];
  partSpreadMs: number[];
  cpuUs: number;
  /** The longest event-loop delay in the window: a stalled client inflates every time it takes. */
  stallMs: number;
}
type ClientReply = { type: 'grown'; count: number } | WindowReport;

// ---- relay child --------------------------------------------------------------------------------

async function relayMain(): Promise<void> {
  const server = await createServer({ port: 0, host: '127.0.0.1', ice: LOOPBACK, logLevel: 'silent' });
  const base = await server.listen();
  const send = (reply: RelayReply) => process.send?.(reply);
  // A pause of the whole relay (GC, a long synchronous task) shows in every client's times at once.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('message', (message: RelayRequest) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', cpuUs: usage.user + usage.system, at: nowUs(), stallMs: delay.max / 1e6 });
      delay.reset();
    } else {
      // A normal exit, so that --cpu-prof writes its profile.
      void server.close().finally(() => process.exit(0));
    }
  });
  // The parent going away (a crash, Ctrl-C) takes this process with it.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: Number(new URL(base).port) });
}

// ---- clients child ------------------------------------------------------------------------------

/** Arrivals of one item (a reload's msn.part, a part) at the clients of this process. */
interface Item {
  earliest: number;
  arrivals: number[];
}

class ClientsProcess {
  private readonly followers: Follower[] = [];
  private readonly items = new Map<string, Item>();
  private readonly errors = new Map<string, number>();
  private playlists = 0;
  private parts = 0;
  private skips = 0;
  private windowStart = Infinity;
  private windowEnd = Infinity;
  private readonly partMs: number[] = [];
  private readonly prune = setInterval(() => this.dropOldItems(), 5000);
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });

  grow(port: number, count: number, joinMs: number): Promise<number> {
    const adding = Math.min(count, MAX_CLIENTS) - this.followers.length;
    const started: Promise<void>[] = [];
    for (let i = 0; i < adding; i++) {
      // Joins spread evenly: a whole step arriving at once would measure a thundering herd.
      const delay = (joinMs * i) / Math.max(1, adding);
      started.push(
        new Promise((resolve) =>
          setTimeout(() => {
            const follower = new Follower(
              new RawHttpClient({ host: '127.0.0.1', port, timeoutMs: REQUEST_TIMEOUT_MS }),
              this,
            );
            this.followers.push(follower);
            void follower.run();
            resolve();
          }, delay),
        ),
      );
    }
    return Promise.all(started).then(() => this.followers.length);
  }

  startWindow(): { cpu: NodeJS.CpuUsage; counts: [number, number, number]; errors: Map<string, number> } {
    this.windowStart = performance.now();
    this.windowEnd = Infinity;
    this.partMs.length = 0;
    this.delay.enable();
    this.delay.reset();
    return {
      cpu: process.cpuUsage(),
      counts: [this.playlists, this.parts, this.skips],
      errors: new Map(this.errors),
    };
  }

  async endWindow(start: ReturnType<ClientsProcess['startWindow']>): Promise<WindowReport> {
    this.windowEnd = performance.now();
    const cpu = process.cpuUsage(start.cpu);
    const stallMs = this.delay.max / 1e6;
    this.delay.disable();
    const counts = [this.playlists, this.parts, this.skips];
    const errors: Record<string, number> = {};
    for (const [code, n] of this.errors) {
      const delta = n - (start.errors.get(code) ?? 0);
      if (delta > 0) errors[code] = delta;
    }
    const partMs = [...this.partMs];
    const seconds = (this.windowEnd - this.windowStart) / 1000;
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
    const spreads = { r: [] as number[], p: [] as number[] };
    for (const [key, item] of this.items) {
      if (item.earliest < this.windowStart || item.earliest > this.windowEnd) continue;
      const into = key.startsWith('r') ? spreads.r : spreads.p;
      for (const at of item.arrivals) into.push(at - item.earliest);
    }
    this.windowStart = Infinity;
    return {
      type: 'window',
      seconds,
      playlists: counts[0]! - start.counts[0],
      parts: counts[1]! - start.counts[1],
      skips: counts[2]! - start.counts[2],
      errors,
      partMs,
      reloadSpreadMs: spreads.r,
      partSpreadMs: spreads.p,
      cpuUs: cpu.user + cpu.system,
      stallMs,
    };
  }

  playlist(): void {
    this.playlists++;
  }

  part(ms: number, at: number): void {
    this.parts++;
    if (at >= this.windowStart && at <= this.windowEnd) this.partMs.push(ms);
  }

  skip(): void {
    this.skips++;
  }

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** `key`: `r` + msn.part for a blocking reload, `p` + URI for a part. */
  arrive(key: string, at: number): void {
    const item = this.items.get(key);
    if (!item) this.items.set(key, { earliest: at, arrivals: [at] });
    else item.arrivals.push(at);
  }

  stop(): void {
    clearInterval(this.prune);
    for (const follower of this.followers) follower.stop();
  }

  private dropOldItems(): void {
    const old = performance.now() - KEEP_MS;
    for (const [key, item] of this.items)
      if (item.earliest < old && item.earliest < this.windowStart) this.items.delete(key);
  }
}

/**
 * One viewer at the live edge, the way `ll-hls-follower.ts` plays but on `RawHttpClient` and
 * reading only the playlist's tail: video parts only, one request at a time.
 */
class Follower {
  private stopped = false;

  constructor(
    private readonly http: RawHttpClient,
    private readonly stats: ClientsProcess,
  ) {}

  stop(): void {
    this.stopped = true;
    this.http.dispose();
  }

  async run(): Promise<void> {
    let last: PartRef | undefined;
    let next: PartRef | undefined;
    while (!this.stopped) {
      const path = next ? `${PLAYLIST}?_HLS_msn=${next.msn}&_HLS_part=${next.part}` : PLAYLIST;
      const text = await this.get(path);
      if (text === undefined) {
        // A refused or timed-out reload: start again from a fresh playlist, a moment later.
        next = undefined;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        continue;
      }
      this.stats.playlist();
      if (next) this.stats.arrive(`r${next.msn}.${next.part}`, performance.now());
      const tail = playlistTail(text.toString('latin1'), last);
      const first = tail.parts[0];
      if (last && first && !followsPart(last, first)) this.stats.skip();
      // Joining: the newest part listed is where the viewer starts, without fetching it.
      if (!last) last = tail.parts.at(-1);
      else {
        for (const part of tail.parts) {
          if (this.stopped) return;
          const started = performance.now();
          const body = await this.get(`/hls/${STREAM}/${part.uri}`);
          if (body === undefined) break;
          const at = performance.now();
          this.stats.part(at - started, at);
          this.stats.arrive(`p${part.uri}`, at);
          last = part;
        }
      }
      next = tail.hint ?? (last && { msn: last.msn, part: last.part + 1 });
    }
  }

  /** The body of a 200 answer; anything else is counted as an error and is undefined. */
  private async get(path: string): Promise<Buffer | undefined> {
    try {
      const response = await this.http.get(path);
      if (response.status === 200) return response.body;
      this.stats.error(`http ${response.status}`);
    } catch (error) {
      if (this.stopped) return undefined;
      this.stats.error(error instanceof RawHttpError ? error.code : String(error));
    }
    return undefined;
  }
}

async function clientsMain(): Promise<void> {
  const clients = new ClientsProcess();
  let window: ReturnType<ClientsProcess['startWindow']> | undefined;
  const send = (reply: ClientReply) => process.send?.(reply);
  process.on('message', (message: ClientRequest) => {
    if (message.type === 'grow') {
      void clients
        .grow(message.port, message.count, message.joinMs)
        .then((count) => send({ type: 'grown', count }));
    } else if (message.type === 'window-start') {
      window = clients.startWindow();
    } else if (message.type === 'window-end') {
      if (window) void clients.endWindow(window).then(send);
    } else {
      clients.stop();
      process.exit(0);
    }
  });
  // The parent going away (a crash, Ctrl-C) takes this process with it.
  process.on('disconnect', () => process.exit(0));
}

// ---- orchestration ------------------------------------------------------------------------------

function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function child(role: 'relay' | 'clients', cpu: number, extraArgs: string[]): ChildProcess {
  return benchChild(SELF, role, cpu, extraArgs, (process.env.BENCH_PIN ?? '1') !== '0');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Percentiles {
  p50: number;
  p99: number;
}

interface StepResult {
  clients: number;
  relayCpuPercent: number;
  playlistsPerS: number;
  partsPerS: number;
  /** Relay CPU per request (playlists and parts), all of it... */
  usPerRequest: number;
  /** ...and without its cost at no viewers (ingest, packaging). */
  marginalUsPerRequest: number;
  partsPerClientPerS: number;
  partMs: Percentiles | undefined;
  reloadSpreadMs: Percentiles | undefined;
  partSpreadMs: Percentiles | undefined;
  skips: number;
  errors: Record<string, number>;
  clientCpuPercent: number;
  /** Longest event-loop delays in the window (ms): a pause of either side inflates the times. */
  relayStallMs: number;
  clientStallMs: number;
}

function percentiles(values: number[]): Percentiles | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const ms = (p: Percentiles | undefined) =>
  p ? `p50 ${p.p50.toFixed(1)} p99 ${p.p99.toFixed(1)} ms` : 'none';

async function main(): Promise<void> {
  const steps = (process.env.BENCH_STEPS ?? '250,500,1000').split(',').map(Number);
  if (steps.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_CLIENTS)) {
    throw new RangeError(`BENCH_STEPS: whole numbers from 1 to ${MAX_CLIENTS}`);
  }
  const windowS = Number(process.env.BENCH_WINDOW_S ?? 10);
  const settleS = Number(process.env.BENCH_SETTLE_S ?? 3);
  const joinS = Number(process.env.BENCH_JOIN_S ?? 3);
  const bitrate = Number(process.env.BENCH_BITRATE ?? 1_000_000);
  const procs = Math.max(1, Number(process.env.BENCH_CLIENT_PROCS ?? 1));
  const relayArgs = (process.env.BENCH_RELAY_ARGS ?? '').split(' ').filter(Boolean);

  const relay = child('relay', 0, relayArgs);
  const clients = Array.from({ length: procs }, () => child('clients', 1, []));
  const results: StepResult[] = [];
  let publisher: Awaited<ReturnType<typeof startBenchPublisher>> | undefined;
  try {
    const { port } = await request<Extract<RelayReply, { type: 'ready' }>>(relay, {}, 'ready');
    publisher = await startBenchPublisher(`http://127.0.0.1:${port}`, STREAM, bitrate);
    const cpu = () => request<Extract<RelayReply, { type: 'cpu' }>>(relay, { type: 'cpu' }, 'cpu');

    // One plain request starts the stream's packager, and one every few seconds keeps it (it stops
    // after 30 s without requests): the baseline is ingest plus packaging.
    const probe = new RawHttpClient({ host: '127.0.0.1', port, timeoutMs: 10_000 });
    const first = await probe.get(PLAYLIST);
    if (first.status !== 200) throw new Error(`${PLAYLIST}: ${first.status} ${first.body.toString()}`);
    const keepAlive = setInterval(() => void probe.get(PLAYLIST).catch(() => undefined), 5000);
    await sleep(settleS * 1000);
    const idle0 = await cpu();
    await sleep(windowS * 1000);
    const idle1 = await cpu();
    clearInterval(keepAlive);
    probe.dispose();
    const idleFraction = (idle1.cpuUs - idle0.cpuUs) / (idle1.at - idle0.at);
    console.log(
      `N=0: relay ${(idleFraction * 100).toFixed(1)}% of a core (ingest at ${(bitrate / 1e6).toFixed(1)} Mbit/s + packaging); ` +
        `clients in ${procs} process(es) on ${hasTaskset() && process.env.BENCH_PIN !== '0' ? 'core 1, relay on core 0' : 'any core'}`,
    );

    for (const n of steps) {
      const shares = clients.map((_, i) => Math.floor(n / procs) + (i < n % procs ? 1 : 0));
      const grown = await Promise.all(
        clients.map((proc, i) =>
          request<Extract<ClientReply, { type: 'grown' }>>(
            proc,
            { type: 'grow', port, count: shares[i] ?? 0, joinMs: joinS * 1000 },
            'grown',
          ),
        ),
      );
      await sleep(settleS * 1000);
      const windows = clients.map((proc) => request<WindowReport>(proc, {}, 'window'));
      // Awaited below; if the relay fails first, these must not count as unhandled meanwhile.
      for (const window of windows) window.catch(() => undefined);
      const cpu0 = await cpu();
      for (const proc of clients) tell(proc, { type: 'window-start' });
      await sleep(windowS * 1000);
      for (const proc of clients) tell(proc, { type: 'window-end' });
      const cpu1 = await cpu();
      const reports = await Promise.all(windows);

      const seconds = (cpu1.at - cpu0.at) / 1e6;
      const relayUs = cpu1.cpuUs - cpu0.cpuUs;
      const sum = (pick: (r: WindowReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
      const requests = sum((r) => r.playlists + r.parts);
      const errors: Record<string, number> = {};
      for (const report of reports) {
        for (const [code, count] of Object.entries(report.errors)) errors[code] = (errors[code] ?? 0) + count;
      }
      const count = grown.reduce((total, g) => total + g.count, 0);
      const clientSeconds = sum((r) => r.seconds);
      const result: StepResult = {
        clients: count,
        relayCpuPercent: (relayUs / (seconds * 1e6)) * 100,
        playlistsPerS: sum((r) => r.playlists) / seconds,
        partsPerS: sum((r) => r.parts) / seconds,
        usPerRequest: relayUs / requests,
        marginalUsPerRequest: (relayUs - idleFraction * seconds * 1e6) / requests,
        partsPerClientPerS: sum((r) => r.parts) / seconds / count,
        partMs: percentiles(reports.flatMap((r) => r.partMs)),
        reloadSpreadMs: percentiles(reports.flatMap((r) => r.reloadSpreadMs)),
        partSpreadMs: percentiles(reports.flatMap((r) => r.partSpreadMs)),
        skips: sum((r) => r.skips),
        errors,
        // Every client process shares core 1: their CPU adds up against one core.
        relayStallMs: cpu1.stallMs,
        clientStallMs: Math.max(...reports.map((r) => r.stallMs)),
        clientCpuPercent: (sum((r) => r.cpuUs) / (clientSeconds / procs) / 1e6) * 100,
      };
      results.push(result);
      const errorText = Object.entries(errors)
        .map(([code, n]) => `${code} ×${n}`)
        .join(', ');
      console.log(
        `N=${result.clients}: relay ${result.relayCpuPercent.toFixed(1)}% of a core, ` +
          `${(result.playlistsPerS + result.partsPerS).toFixed(0)} req/s (${result.playlistsPerS.toFixed(0)} playlist + ${result.partsPerS.toFixed(0)} part), ` +
          `${result.usPerRequest.toFixed(0)} µs/request (marginal ${result.marginalUsPerRequest.toFixed(0)}), ` +
          `${result.partsPerClientPerS.toFixed(2)} parts/s per client; ` +
          `part response ${ms(result.partMs)}; arrival spread: blocking reloads ${ms(result.reloadSpreadMs)}, ` +
          `parts ${ms(result.partSpreadMs)}; skips ${result.skips}; errors ${errorText || 'none'}; ` +
          `longest event-loop delay relay ${result.relayStallMs.toFixed(0)} ms, clients ${result.clientStallMs.toFixed(0)} ms; ` +
          `clients' process ${result.clientCpuPercent.toFixed(0)}%` +
          (result.clientCpuPercent >= CLIENT_CPU_WARN * 100
            ? ' — WARNING: the clients are saturated, these figures show them, not the relay (BENCH_CLIENT_PROCS does not add a core)'
            : ''),
      );
    }
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
  } finally {
    await publisher?.close().catch(() => undefined);
    const all = [relay, ...clients];
    const exited = all.map((proc) =>
      proc.exitCode !== null || proc.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => proc.once('exit', resolve)),
    );
    for (const proc of all) tell(proc, { type: 'stop' });
    // A child that does not stop within 10 s is killed: nothing is left running.
    const killer = setTimeout(() => all.forEach((proc) => proc.kill('SIGKILL')), 10_000);
    await Promise.all(exited);
    clearTimeout(killer);
  }
}

const role = process.argv[2];
const run = role === 'relay' ? relayMain : role === 'clients' ? clientsMain : main;
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
