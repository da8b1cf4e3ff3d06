/**
 * Soak: the relay runs for SOAK_MINUTES (30) while publishers come and go and viewers churn, and
 * between rounds — when nobody is connected — its own `/metrics` must come back to where they
 * started: no sessions or viewers left, no sockets, UDP sockets or timers piling up
 * (`nodejs_active_resources` by type), and memory flat (the slope of resident memory over the idle
 * samples, after the first round warmed it).
 *
 *   npm run bench:soak                      # 30 minutes, one process
 *   SOAK_MINUTES=5 SOAK_WORKERS=2 npm run bench:soak
 *
 * Each round (about a minute): SOAK_STREAMS (3) publishers (`brume publish --count`, 320x180,
 * 300 kbit/s) live for 25–45 s, and on each stream a swarm of WHEP, `/ws`, LL-HLS and LL-DASH viewers
 * joining over 5 s and leaving after 10–30 s; then 8 s of quiet and a sample. The relay is a child
 * process on loopback (`main.ts`), so what is measured is what an operator runs.
 */
import { Writable } from 'node:stream';
import { runPublish } from '../src/load/publish-run';
import { runSwarm } from '../src/load/swarm';
import { startRelayProcess } from '../src/testing/relay-process';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const STREAMS = Number(process.env.SOAK_STREAMS ?? 3);
const WORKERS = process.env.SOAK_WORKERS ?? '1';
const VIEWERS = { whep: 4, ws: 4, hls: 8, dash: 2 };

/** What one idle sample of `/metrics` says. */
interface Sample {
  round: number;
  minutes: number;
  rssMiB: number;
  heapMiB: number;
  sessions: number;
  viewers: number;
  streamsLive: number;
  resources: Record<string, number>;
}

async function main(): Promise<void> {
  const relay = await startRelayProcess({ BRUME_WORKERS: WORKERS });
  const base = relay.base;
  try {
    const samples: Sample[] = [];
    const started = Date.now();
    const until = started + MINUTES * 60_000;
    for (let round = 0; Date.now() < until || round < 2; round++) {
      await runRound(base, round);
      await sleep(8000);
      const sample = await sampleMetrics(base, round, (Date.now() - started) / 60_000);
      samples.push(sample);
      console.log(formatSample(sample));
    }
    report(samples);
  } finally {
    await relay.stop();
  }
}

/** Publishers come, viewers join and leave, publishers go; resolves once everyone has left. */
async function runRound(base: string, round: number): Promise<void> {
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const stream = `soak${round}`;
  const publishS = 25 + Math.round(Math.random() * 20);
  const publishing = runPublish(
    {
      server: base,
      stream,
      count: STREAMS,
      key: undefined,
      source: { kind: 'test-pattern', width: 320, height: 180, fps: 30 },
      encode: { bitrate: 300_000, gopSeconds: 1, audioBitrate: 32_000 },
      durationS: publishS,
      statusIntervalMs: 600_000,
      connectTimeoutMs: 15_000,
    },
    quiet,
  );
  // Viewers once the streams are live, on every stream, each swarm with its own length.
  await sleep(4000);
  const swarms = Array.from({ length: STREAMS }, (_, i) =>
    runSwarm({
      url: new URL(base),
      stream: `${stream}-${i + 1}`,
      clients: VIEWERS,
      durationS: 10 + Math.round(Math.random() * 20),
      rampS: 5,
    }).catch((error: unknown) => console.error(`round ${round}: swarm failed:`, error)),
  );
  await Promise.all([publishing, ...swarms]);
}

async function sampleMetrics(base: string, round: number, minutes: number): Promise<Sample> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string, labels = ''): number => {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}${labels} `) || l.startsWith(`${name}${labels}{`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  const sum = (name: string): number =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  const resources: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^nodejs_active_resources\{type="([^"]+)"\} (\d+)/.exec(line);
    if (match) resources[match[1]!] = (resources[match[1]!] ?? 0) + Number(match[2]);
  }
  return {
    round,
    minutes,
    rssMiB: value('process_resident_memory_bytes') / 2 ** 20,
    heapMiB: value('nodejs_heap_size_used_bytes') / 2 ** 20,
    sessions: sum('brume_publishers') + sum('brume_viewers'),
    viewers: sum('brume_viewers'),
    streamsLive: value('brume_streams', '{state="live"}'),
    resources,
  };
}

function formatSample(s: Sample): string {
  const resources = Object.entries(s.resources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  return (
    `round ${s.round} @ ${s.minutes.toFixed(1)} min: RSS ${s.rssMiB.toFixed(0)} MiB, heap ${s.heapMiB.toFixed(0)} MiB, ` +
    `sessions ${s.sessions}, live streams ${s.streamsLive}; ${resources}`
  );
}

/** The verdict: idle state back to the first idle sample, memory slope over the idle samples. */
function report(samples: Sample[]): void {
  const steady = samples.slice(1);
  const first = steady[0]!;
  const last = steady[steady.length - 1]!;
  const slope = slopePerHour(steady.map((s) => [s.minutes, s.rssMiB]));
  const heapSlope = slopePerHour(steady.map((s) => [s.minutes, s.heapMiB]));
  const grown = Object.keys({ ...first.resources, ...last.resources })
    .map((type) => [type, (last.resources[type] ?? 0) - (first.resources[type] ?? 0)] as const)
    .filter(([, delta]) => delta > 0);
  console.log('');
  console.log(`soak: ${samples.length} rounds over ${last.minutes.toFixed(1)} min, workers ${WORKERS}`);
  console.log(
    `  idle sessions at the end: ${last.sessions} (viewers ${last.viewers}), live streams ${last.streamsLive}`,
  );
  console.log(
    `  RSS ${first.rssMiB.toFixed(0)} → ${last.rssMiB.toFixed(0)} MiB (slope ${slope.toFixed(1)} MiB/h), heap ` +
      `${first.heapMiB.toFixed(0)} → ${last.heapMiB.toFixed(0)} MiB (slope ${heapSlope.toFixed(1)} MiB/h)`,
  );
  console.log(
    `  active resources grown since round 1: ${grown.length ? grown.map(([t, d]) => `${t} +${d}`).join(', ') : 'none'}`,
  );
  if (process.env.BENCH_JSON) console.log(JSON.stringify({ workers: WORKERS, samples }, null, 2));
  // A session or a live stream left when everyone has gone is a leak, whatever the machine's load.
  if (last.sessions > 0 || last.streamsLive > 0) {
    console.log('soak: FAILED — sessions or live streams left while idle');
    process.exitCode = 1;
  }
}

/** Least-squares slope of (minutes, MiB) points, in MiB per hour. */
function slopePerHour(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
