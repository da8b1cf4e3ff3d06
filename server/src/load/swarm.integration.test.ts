import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelayHarness } from '../testing/relay-harness';
import { startTimecodedMedia } from '../testing/timecoded-media';
import { createPublisher, fullOffer, postOffer, waitFor, type TestPublisher } from '../testing/werift-client';
import { runSwarm } from './swarm';

interface SessionList {
  sessions: { protocol: string; role: string }[];
}

describe('brume swarm against a relay in this process', () => {
  let relay: RelayHarness;
  let publisher: TestPublisher | undefined;

  beforeEach(async () => {
    // HLS/DASH viewers are counted until this long after their last request.
    relay = await RelayHarness.start({ httpViewerWindowMs: 300 });
  });

  afterEach(async () => {
    await publisher?.pc.close();
    publisher = undefined;
    await relay.close();
  });

  /** Publishes the fixture with an SEI timecode before every picture. */
  async function publishTimecoded(name: string): Promise<void> {
    publisher = createPublisher();
    const whip = await postOffer(`${relay.base}/whip/${name}`, await fullOffer(publisher.pc));
    expect(whip.status).toBe(201);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    // Generous: the shared test machine can be very busy; these wait for setup, they measure nothing.
    await waitFor(() => publisher!.pc.connectionState === 'connected', 10_000, 'publisher connected');
    relay.onClose(startTimecodedMedia(publisher).stop);
    await waitFor(() => relay.server.registry.get(name)?.state === 'live', 10_000, 'stream live');
  }

  const sessions = async () =>
    ((await (await fetch(`${relay.base}/api/sessions`)).json()) as SessionList).sessions;

  it('plays 2 clients of every protocol: frames, latency from the SEI, no errors, nothing left behind', async () => {
    await publishTimecoded('swarm');
    const report = await runSwarm({
      url: new URL(relay.base),
      stream: 'swarm',
      clients: { whep: 2, ws: 2, hls: 2, dash: 2 },
      durationS: 6,
      rampS: 0.5,
    });
    expect(report.streamFps === undefined || report.streamFps > 0).toBe(true);
    expect(report.protocols.map((p) => p.protocol)).toEqual(['whep', 'ws', 'hls', 'dash']);
    for (const protocol of report.protocols) {
      const what = protocol.protocol;
      expect(protocol.errors, what).toEqual({});
      expect([protocol.requested, protocol.connected, protocol.receiving, protocol.failed], what).toEqual([
        2, 2, 2, 0,
      ]);
      expect(protocol.fps?.min, what).toBeGreaterThan(0);
      expect(protocol.pictures, what).toBeGreaterThan(20);
      // Every picture of the fixture carries a timecode: latency is read on every protocol.
      expect(protocol.latencyMs?.count, what).toBeGreaterThan(10);
      expect(protocol.latencyMs!.p50, what).toBeGreaterThanOrEqual(0);
      expect(protocol.timeToFirstFrameMs?.count, what).toBe(2);
      expect(protocol.bytesPerSecond, what).toBeGreaterThan(0);
    }
    const hls = report.protocols.find((p) => p.protocol === 'hls')!;
    expect(hls.requests.playlist!.count).toBeGreaterThan(4);
    expect(hls.requests.part!.count).toBeGreaterThan(4);
    expect(hls.arrivalSpreadMs!.count).toBe(hls.requests.part!.count);
    const dash = report.protocols.find((p) => p.protocol === 'dash')!;
    expect(dash.requests['segment-first-byte']!.count).toBeGreaterThan(2);
    expect(dash.arrivalSpreadMs!.count).toBeGreaterThan(4);

    // WHEP sessions deleted, sockets closed, polled clients timed out: only the publisher is left.
    const deadline = Date.now() + 3000;
    let left = await sessions();
    while (left.length > 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await sessions();
    }
    expect(left.map((s) => `${s.protocol} ${s.role}`)).toEqual(['whip publisher']);
  }, 40_000);

  it('counts errors by code when the stream is not there', async () => {
    const report = await runSwarm({
      url: new URL(relay.base),
      stream: 'nobody',
      clients: { whep: 1, ws: 1, hls: 1, dash: 1 },
      durationS: 1,
      rampS: 0,
    });
    const errors = Object.fromEntries(report.protocols.map((p) => [p.protocol, p.errors]));
    expect(errors).toEqual({
      whep: { '404 stream/not-found': 1 },
      ws: { 'stream/not-found': 1 },
      hls: { '404 stream/not-found': 1 },
      dash: { '404 stream/not-found': 1 },
    });
    expect(report.protocols.every((p) => p.receiving === 0 && p.failed === 1)).toBe(true);
  }, 10_000);
});
