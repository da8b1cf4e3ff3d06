import type { LoadProtocol, ProtocolStats, RequestKind } from './load-stats';
import type { Summary } from './samples';

export interface RequestReport extends Summary {
  perSecond: number;
}

export interface ProtocolReport {
  protocol: LoadProtocol;
  requested: number;
  /** Reached the server and got media flowing (WHEP: ICE+DTLS connected; HTTP: first playlist/MPD). */
  connected: number;
  failed: number;
  /** Clients that received at least one picture. */
  receiving: number;
  /** Pictures per second per receiving client, between its first and last picture. */
  fps: { mean: number; min: number } | undefined;
  pictures: number;
  /** Pictures missing by timeline cadence, summed over the clients. */
  missingPictures: number;
  /** RTP packets lost and not repaired (WHEP). */
  lostPackets: number;
  /** Parts/segments the clients had to skip (LL-HLS, LL-DASH). */
  skipped: number;
  latencyMs: Summary | undefined;
  timeToFirstFrameMs: Summary | undefined;
  requests: Partial<Record<RequestKind, RequestReport>>;
  /** LL-HLS parts, LL-DASH chunks: arrival minus the swarm's earliest arrival of the same one. */
  arrivalSpreadMs: Summary | undefined;
  /** Received by all its clients together. */
  bytesPerSecond: number;
  errors: Record<string, number>;
}

export interface SwarmReport {
  url: string;
  stream: string;
  /** Wall time from the first join to the last client stopped. */
  durationS: number;
  /** The stream's own frame rate (stream info), to hold `fps` against; undefined if it does not say. */
  streamFps: number | undefined;
  protocols: ProtocolReport[];
  /** The swarm process itself: when it nears a core, the swarm, not the server, is the limit. */
  swarm: { cpuPercent: number; maxRssMb: number };
}

/** A protocol's figures from its stats, over a run of `durationMs`. */
export function protocolReport(stats: ProtocolStats, durationMs: number): ProtocolReport {
  const seconds = Math.max(durationMs, 1) / 1000;
  const clients = stats.clients;
  const rates = clients.map((c) => c.framesPerSecond()).filter((fps) => fps !== undefined);
  const errors: Record<string, number> = {};
  for (const client of clients)
    for (const [code, count] of client.errors) errors[code] = (errors[code] ?? 0) + count;
  const requests: ProtocolReport['requests'] = {};
  for (const [kind, samples] of stats.requests) {
    const summary = samples.summary();
    if (summary) requests[kind] = { ...summary, perSecond: summary.count / seconds };
  }
  stats.arrival.settle(Infinity);
  const sum = (of: (c: (typeof clients)[number]) => number) => clients.reduce((total, c) => total + of(c), 0);
  return {
    protocol: stats.protocol,
    requested: clients.length,
    connected: clients.filter((c) => c.connected).length,
    failed: clients.filter((c) => c.failed).length,
    receiving: clients.filter((c) => c.firstFrameAtMs !== undefined).length,
    fps:
      rates.length > 0
        ? { mean: rates.reduce((a, b) => a + b, 0) / rates.length, min: Math.min(...rates) }
        : undefined,
    pictures: sum((c) => c.pictures.pictures),
    missingPictures: sum((c) => c.pictures.missing),
    lostPackets: sum((c) => c.lostPackets),
    skipped: sum((c) => c.skipped),
    latencyMs: stats.latency.summary(),
    timeToFirstFrameMs: stats.timeToFirstFrame.summary(),
    requests,
    arrivalSpreadMs: stats.arrival.spread.summary(),
    bytesPerSecond: sum((c) => c.bytes) / seconds,
    errors,
  };
}

const NAMES: Record<LoadProtocol, string> = { whep: 'WHEP', ws: 'WebSocket', hls: 'LL-HLS', dash: 'LL-DASH' };

/** The report as a readable table (what `brume swarm` prints without `--json`). */
export function formatSwarmReport(report: SwarmReport): string {
  const protocols = report.protocols.filter((p) => p.requested > 0);
  const lines = [
    `brume swarm: ${report.stream} at ${report.url}, ${report.durationS.toFixed(1)} s` +
      (report.streamFps !== undefined ? `, stream ${report.streamFps.toFixed(1)} fps` : ''),
    '',
  ];
  const rows: [string, (p: ProtocolReport) => string][] = [
    ['clients (ok/failed/asked)', (p) => `${p.receiving}/${p.failed}/${p.requested}`],
    ['fps per client (mean/min)', (p) => (p.fps ? `${p.fps.mean.toFixed(1)}/${p.fps.min.toFixed(1)}` : '-')],
    ['pictures', (p) => String(p.pictures)],
    ['gaps: pictures/packets/skips', (p) => `${p.missingPictures}/${p.lostPackets}/${p.skipped}`],
    ['latency ms p50/p95/p99', (p) => triple(p.latencyMs)],
    ['first frame ms p50/p99', (p) => pair(p.timeToFirstFrameMs)],
    ['playlist ms p50/p99, req/s', (p) => request(p.requests.playlist)],
    ['part ms p50/p99, req/s', (p) => request(p.requests.part)],
    ['segment 1st byte ms p50/p99', (p) => request(p.requests['segment-first-byte'])],
    ['arrival spread ms p50/p99', (p) => pair(p.arrivalSpreadMs)],
    ['Mbit/s received', (p) => ((p.bytesPerSecond * 8) / 1e6).toFixed(2)],
    ['errors', (p) => errorList(p.errors)],
  ];
  const header = ['', ...protocols.map((p) => NAMES[p.protocol])];
  const table = [header, ...rows.map(([label, cell]) => [label, ...protocols.map(cell)])];
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  for (const row of table) {
    lines.push(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    );
  }
  lines.push(
    '',
    `swarm process: ${report.swarm.cpuPercent.toFixed(0)} % of one core, max RSS ${report.swarm.maxRssMb.toFixed(0)} MB`,
  );
  if (report.swarm.cpuPercent > 80)
    lines.push('warning: the swarm is near a full core; its figures may show the swarm, not the server');
  return `${lines.join('\n')}\n`;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const triple = (s: Summary | undefined) => (s ? `${ms(s.p50)}/${ms(s.p95)}/${ms(s.p99)}` : '-');
const pair = (s: Summary | undefined) => (s ? `${ms(s.p50)}/${ms(s.p99)}` : '-');
const request = (r: RequestReport | undefined) => (r ? `${pair(r)}, ${r.perSecond.toFixed(0)}` : '-');

function errorList(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? '0' : entries.map(([code, count]) => `${code}×${count}`).join(' ');
}
