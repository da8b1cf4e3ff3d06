import { describe, expect, it } from 'vitest';
import { ProtocolStats } from './load-stats';
import { formatSwarmReport, protocolReport, type SwarmReport } from './swarm-report';

/** Two LL-HLS clients, one of them playing 15 fps for 2 s, the other refused. */
function hlsStats(): ProtocolStats {
  const stats = new ProtocolStats('hls');
  const playing = stats.client();
  playing.startedAtMs = 0;
  playing.connected = true;
  for (let i = 0; i <= 30; i++) {
    playing.pictures.add(i * 6000, 6000);
    stats.picture(playing, 100 + i * 66, (100 + i * 66 - 300) * 1000);
  }
  playing.bytes = 50_000;
  playing.skipped = 1;
  const refused = stats.client();
  refused.failed = true;
  refused.error('404 stream/not-found');
  stats.request('playlist', 10);
  stats.request('playlist', 30);
  stats.request('part', 2);
  stats.arrival.arrive('p1', 1000);
  stats.arrival.arrive('p1', 1012);
  return stats;
}

describe('protocolReport', () => {
  it('sums the clients and summarizes the shared distributions', () => {
    const report = protocolReport(hlsStats(), 2000);
    expect(report).toMatchObject({
      protocol: 'hls',
      requested: 2,
      connected: 1,
      failed: 1,
      receiving: 1,
      pictures: 31,
      missingPictures: 0,
      skipped: 1,
      bytesPerSecond: 25_000,
      errors: { '404 stream/not-found': 1 },
    });
    expect(report.fps!.mean).toBeCloseTo(15, 0);
    expect(report.latencyMs).toMatchObject({ count: 31, p50: 300, p99: 300 });
    expect(report.timeToFirstFrameMs).toMatchObject({ count: 1, p50: 100 });
    expect(report.requests.playlist).toMatchObject({ count: 2, p50: 10, p99: 30, perSecond: 1 });
    expect(report.arrivalSpreadMs).toMatchObject({ count: 2, p50: 0, max: 12 });
  });
});

describe('formatSwarmReport', () => {
  it('prints one column per protocol asked for, and warns when the swarm is the bottleneck', () => {
    const report: SwarmReport = {
      url: 'http://127.0.0.1:8080',
      stream: 'live',
      durationS: 2,
      streamFps: 15,
      protocols: [protocolReport(hlsStats(), 2000)],
      swarm: { cpuPercent: 95, maxRssMb: 120 },
    };
    const text = formatSwarmReport(report);
    expect(text).toContain('brume swarm: live at http://127.0.0.1:8080, 2.0 s, stream 15.0 fps');
    expect(text).toMatch(/clients \(ok\/failed\/asked\) +1\/1\/2\n/);
    expect(text).toMatch(/latency ms p50\/p95\/p99 +300\/300\/300\n/);
    expect(text).toMatch(/playlist ms p50\/p99, req\/s +10\.0\/30\.0, 1\n/);
    expect(text).toMatch(/errors +404 stream\/not-found×1\n/);
    expect(text).not.toContain('WHEP');
    expect(text).toContain('swarm process: 95 % of one core, max RSS 120 MB');
    expect(text).toContain('warning: the swarm is near a full core');
  });
});
