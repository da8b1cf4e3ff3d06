/**
 * WHEP fan-out capacity: how much of one core the relay spends per WHEP viewer of a 2.5 Mbit/s
 * stream. Not a test: run it by hand (`npm run bench:whep`), figures go into BENCHMARKS.md.
 *
 * Three processes, loopback only:
 * - relay (`taskset -c 0` when available): a Brume server; reports `process.cpuUsage()` over IPC;
 *   with BENCH_WORKERS=N it is `brume serve --workers N` instead (front + N workers, unpinned, CPU
 *   summed over the processes from /proc);
 * - viewers (`taskset -c 1`): N werift WHEP viewers, counting the RTP packets each one receives
 *   (BENCH_VIEWERS=light, the default: counted from the clear SRTP header and dropped undecrypted;
 *   `full`: werift's whole receive path, which costs as much as the relay's send);
 * - this process: the werift WHIP publisher, ~2.5 Mbit/s of H.264 at 30 fps (the fixture's pictures
 *   padded with filler NAL units to ~10.4 kB, so ~9 packets of ≤ 1,200 bytes each) plus Opus at 50/s.
 *
 * For each N in BENCH_STEPS the viewers are added, allowed to settle, then the relay's CPU time,
 * RSS and every viewer's received video packets are read over a window of BENCH_WINDOW_S seconds.
 *
 * Environment: BENCH_STEPS (10,25,50,75,100), BENCH_WINDOW_S (10), BENCH_SETTLE_S (3),
 * BENCH_BITRATE (2500000), BENCH_SEND (`plain`: werift's sendRtp for every packet, the path before
 * FastRtpSender; default the relay's own), BENCH_RELAY_ARGS (extra node flags for the relay, e.g. `--cpu-prof`),
 * BENCH_JSON (write the results there too), BENCH_BURST (after the steps, that many packets sent to
 * every viewer at once, alternately through both paths: the send cost without publisher timing),
 * BENCH_WORKERS (a cluster of that many workers), BENCH_PIN (0: no taskset; the default with
 * BENCH_WORKERS), BENCH_VIEWERS (light | full).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import type { Socket as DgramSocket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RtpHeader, RtpPacket } from 'werift';
import { startCluster } from '../src/cluster/start-cluster';
import { configFromEnvironment } from '../src/config';
import { createServer } from '../src/index';
import { FanoutPacket } from '../src/webrtc/fanout-packet';
import { FastRtpSender } from '../src/webrtc/fast-rtp-sender';
import type { PeerSession } from '../src/webrtc/peer-session';
import { ViewerSession } from '../src/webrtc/viewer-session';
import { LOOPBACK, createViewer, fullOffer, postOffer, waitFor } from '../src/testing/werift-client';

import { benchChild, request } from './bench-children';
import { startBenchPublisher } from './bench-publisher';
const SELF = fileURLToPath(import.meta.url);
/** Bursts per path in the send-cost comparison. */
const ROUNDS = 5;
const STREAM = 'bench';

type RelayRequest = { type: 'cpu' } | { type: 'burst'; packets: number; plain: boolean } | { type: 'stop' };
type RelayReply =
  | { type: 'ready'; base: string }
  | { type: 'cpu'; cpuUs: number; rss: number; at: number; forwarded: number; viewers: number }
  | { type: 'burst'; cpuUs: number; sends: number };
type ViewerRequest = { type: 'grow'; base: string; count: number } | { type: 'counts' } | { type: 'stop' };
type ViewerReply =
  | { type: 'grown'; count: number; failed: number }
  | { type: 'counts'; video: number[]; audio: number[]; repeats: number[]; cpuUs: number };

// ---- relay child --------------------------------------------------------------------------------

async function relayMain(): Promise<void> {
  const workers = Number(process.env.BENCH_WORKERS ?? 0);
  if (workers > 0) return clusterRelayMain(workers);
  // The "before" path: every packet through werift's own sendRtp, as the relay did before
  // FastRtpSender (the shared FanoutPacket aside, one small object per publisher packet).
  let plain = process.env.BENCH_SEND === 'plain';
  const prototype = FastRtpSender.prototype as unknown as {
    send(this: unknown, packet: FanoutPacket): number | undefined;
    sendPlain(this: unknown, packet: FanoutPacket): number;
  };
  const fastSend = prototype.send;
  prototype.send = function (packet) {
    return plain ? prototype.sendPlain.call(this, packet) : fastSend.call(this, packet);
  };
  const server = await createServer({
    port: 0,
    host: '127.0.0.1',
    ice: LOOPBACK,
    logLevel: 'silent',
    keyframeIntervalMs: 2000,
  });
  const base = await server.listen();
  const send = (reply: RelayReply) => process.send?.(reply);
  // The relay's sessions are private: read here only, for the packets it really forwarded.
  const viewerSessions = () =>
    [...(server.relay as unknown as { sessions: Map<string, PeerSession> }).sessions.values()].filter(
      (session): session is ViewerSession => session instanceof ViewerSession,
    );
  process.on('message', (message: RelayRequest) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      // The relay's sessions are private: read here only, for the packets it really forwarded.
      const viewers = viewerSessions();
      send({
        type: 'cpu',
        cpuUs: usage.user + usage.system,
        rss: process.memoryUsage().rss,
        at: now(),
        forwarded: viewers.reduce((sum, viewer) => sum + viewer.forwarded, 0),
        viewers: viewers.length,
      });
    } else if (message.type === 'burst') {
      plain = message.plain;
      void burst(viewerSessions(), message.packets).then((reply) => {
        plain = process.env.BENCH_SEND === 'plain';
        send(reply);
      });
    } else {
      // A normal exit, so that --cpu-prof writes its profile.
      void server.close().finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', base });
}

/**
 * BENCH_WORKERS=N: the relay as `brume serve --workers N` runs it (a front process and N worker
 * processes, viewers spread across workers past 25 on one). Its CPU is the sum over all of them,
 * read from /proc; packets forwarded are not counted here (the viewers' counts stand in).
 */
async function clusterRelayMain(workers: number): Promise<void> {
  const args = ['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'];
  const env = { ...process.env, BRUME_ICE_HOSTS: '127.0.0.1' };
  const cluster = await startCluster({ workers, args, env, options: configFromEnvironment(args, env) });
  const send = (reply: RelayReply) => process.send?.(reply);
  process.on('message', (message: RelayRequest) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      const pids = cluster.pool.pids.filter((pid): pid is number => pid !== undefined);
      const children = pids.map(processCpu);
      send({
        type: 'cpu',
        cpuUs: usage.user + usage.system + children.reduce((sum, child) => sum + child.cpuUs, 0),
        rss: process.memoryUsage().rss + children.reduce((sum, child) => sum + child.rss, 0),
        at: now(),
        forwarded: 0,
        viewers: 0,
      });
    } else if (message.type === 'stop') {
      void cluster.close().finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', base: cluster.url });
}

const CLOCK_TICK_US = 1e6 / Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);
const PAGE_BYTES = Number(spawnSync('getconf', ['PAGESIZE']).stdout?.toString().trim() || 4096);

/** CPU time (user + system) and RSS of another process, from /proc/PID/stat. */
function processCpu(pid: number): { cpuUs: number; rss: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuUs: ticks * CLOCK_TICK_US, rss: Number(fields[21]) * PAGE_BYTES };
  } catch {
    return { cpuUs: 0, rss: 0 };
  }
}

/**
 * Forwards `packets` synthetic 1,180-byte packets to every viewer as fast as the relay can, and
 * returns the CPU time it took: the send cost alone, without the publisher's timing. They go on
 * the audio track, whose viewers send no NACKs, so retransmissions do not mix in.
 */
async function burst(viewers: ViewerSession[], packets: number): Promise<RelayReply> {
  const payload = Buffer.alloc(1180, 0x5a);
  const forwarded = () => viewers.reduce((sum, viewer) => sum + viewer.forwarded, 0);
  const before = forwarded();
  const start = process.cpuUsage();
  for (let i = 0; i < packets; i++) {
    const header = new RtpHeader({
      payloadType: 111,
      sequenceNumber: i & 0xffff,
      timestamp: i * 960,
      ssrc: 0xb0b,
      marker: true,
    });
    const shared = new FanoutPacket(new RtpPacket(header, payload));
    for (const viewer of viewers) viewer.forward('audio', shared);
    // Let the sockets drain and the plain path's promises settle, as between publisher packets.
    if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const usage = process.cpuUsage(start);
  return { type: 'burst', cpuUs: usage.user + usage.system, sends: forwarded() - before };
}

// ---- viewers child ------------------------------------------------------------------------------

async function viewersMain(): Promise<void> {
  const video: number[] = [];
  const audio: number[] = [];
  const repeats: number[] = [];
  // Sequence numbers each viewer has had, so a retransmission is counted once (as a repeat).
  const seen: Uint8Array[] = [];
  const peers: ReturnType<typeof createViewer>[] = [];
  const send = (reply: ViewerReply) => process.send?.(reply);
  let failures = 0;

  async function addViewer(base: string): Promise<boolean> {
    const index = video.length;
    video.push(0);
    audio.push(0);
    repeats.push(0);
    const had = new Uint8Array(65536);
    seen.push(had);
    const pc = createViewer();
    peers.push(pc);
    const count = (kind: 'video' | 'audio', seq: number) => {
      if (kind !== 'video') {
        audio[index] = (audio[index] ?? 0) + 1;
        return;
      }
      // Cleared half a sequence space ahead, so the map is fresh when the numbers wrap.
      had[(seq + 32768) & 0xffff] = 0;
      if (had[seq]) {
        repeats[index] = (repeats[index] ?? 0) + 1;
      } else {
        had[seq] = 1;
        video[index] = (video[index] ?? 0) + 1;
      }
    };
    if (LIGHT_VIEWERS) {
      const answer = await connectViewer(pc, base);
      if (!answer) return false;
      tapRtp(pc, answer, count);
      return true;
    }
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet) => {
        count(track.kind === 'video' ? 'video' : 'audio', packet.header.sequenceNumber);
      });
    });
    return (await connectViewer(pc, base)) !== undefined;
  }

  /** The WHEP exchange; the answer's SDP once connected, undefined if the relay refused. */
  async function connectViewer(
    pc: ReturnType<typeof createViewer>,
    base: string,
  ): Promise<string | undefined> {
    const answer = await postOffer(`${base}/whep/${STREAM}`, await fullOffer(pc));
    if (answer.status !== 201) {
      if (failures++ === 0) console.error(`WHEP POST: ${answer.status} ${answer.body}`);
      return undefined;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.body });
    await waitFor(() => pc.connectionState === 'connected', 10_000, 'viewer connected');
    return answer.body;
  }

  process.on('message', (message: ViewerRequest) => {
    if (message.type === 'grow') {
      void (async () => {
        let failed = 0;
        // A few at a time: DTLS handshakes are CPU-heavy on both sides.
        while (video.length < message.count) {
          const batch = Math.min(5, message.count - video.length);
          const results = await Promise.allSettled(
            Array.from({ length: batch }, () => addViewer(message.base)),
          );
          failed += results.filter((r) => r.status === 'rejected' || !r.value).length;
        }
        send({ type: 'grown', count: video.length, failed });
      })();
    } else if (message.type === 'counts') {
      const usage = process.cpuUsage();
      send({
        type: 'counts',
        video: [...video],
        audio: [...audio],
        repeats: [...repeats],
        cpuUs: usage.user + usage.system,
      });
    } else {
      void Promise.allSettled(peers.map((pc) => pc.close())).finally(() => process.exit(0));
    }
  });
}

/**
 * BENCH_VIEWERS=light (the default): once connected, a viewer's RTP is counted from its clear
 * header (SRTP leaves the header in the clear) and dropped before werift decrypts it; STUN, DTLS
 * and RTCP still go to werift, so ICE consent and the session stay up. A light viewer costs a
 * receive and a few lines per packet, so one core holds a few hundred of them and the relay, not
 * its viewers, is what saturates. It sends no NACKs: a lost packet stays lost and shows as loss.
 * `full` runs werift's whole receive path (decrypt, jitter buffer, NACKs) per viewer.
 */
const LIGHT_VIEWERS = (process.env.BENCH_VIEWERS ?? 'light') === 'light';

type Tappable = {
  iceTransports: {
    connection: {
      nominated?: { protocol: { transport: { socket?: DgramSocket } } };
    };
  }[];
};

function tapRtp(
  pc: ReturnType<typeof createViewer>,
  answerSdp: string,
  count: (kind: 'video' | 'audio', seq: number) => void,
): void {
  const socket = (pc as unknown as Tappable).iceTransports[0]?.connection.nominated?.protocol.transport
    .socket;
  if (!socket) throw new Error('light viewer: no nominated UDP socket (werift internals changed)');
  const videoTypes = new Set<number>();
  let section = '';
  for (const line of answerSdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) section = line.slice(2, line.indexOf(' '));
    const rtpmap = /^a=rtpmap:(\d+) /.exec(line);
    if (rtpmap && section === 'video') videoTypes.add(Number(rtpmap[1]));
  }
  const werift = socket.listeners('message') as ((data: Buffer, info: unknown) => void)[];
  socket.removeAllListeners('message');
  socket.on('message', (data: Buffer, info: unknown) => {
    const first = data[0] ?? 0;
    const type = data[1] ?? 0;
    // RFC 7983 demultiplexing: 128–191 is RTP or RTCP; RTCP packet types are 192–223 (RFC 5761).
    if (first >= 128 && first <= 191 && (type < 192 || type > 223)) {
      count(videoTypes.has(type & 0x7f) ? 'video' : 'audio', data.readUInt16BE(2));
      return;
    }
    for (const listener of werift) listener.call(socket, data, info);
  });
}

// ---- publisher + orchestration ------------------------------------------------------------------

function now(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function child(role: 'relay' | 'viewers', cpu: number, extraArgs: string[]): ChildProcess {
  // Pinned (relay core 0, viewers core 1) unless BENCH_PIN=0; a cluster spreads over every core.
  const pin = (process.env.BENCH_PIN ?? (process.env.BENCH_WORKERS ? '0' : '1')) !== '0';
  return benchChild(SELF, role, cpu, extraArgs, pin);
}

/**
 * The send cost of the two paths, interleaved (plain, fast, plain, fast, …) on the same viewers
 * so that load from elsewhere on the machine hits both alike. The publisher pauses meanwhile
 * (each burst stays well under the relay's 2 s stale-media limit).
 */
async function sendCost(
  relay: ChildProcess,
  media: { pause(on: boolean): void },
  packets: number,
): Promise<void> {
  const costs: Record<'plain' | 'fast', number[]> = { plain: [], fast: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ['plain', 'fast'] as const) {
      media.pause(true);
      const reply = await request<Extract<RelayReply, { type: 'burst' }>>(
        relay,
        { type: 'burst', packets, plain: mode === 'plain' },
        'burst',
      );
      media.pause(false);
      costs[mode].push(reply.cpuUs / reply.sends);
      // The viewers' process decrypts the burst meanwhile; a starved viewer stops its ICE checks.
      await sleep(1500);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const plain = median(costs.plain);
  const fast = median(costs.fast);
  console.log(
    `Send cost (burst of ${packets} × 1,180-byte packets to every viewer, ${ROUNDS} rounds): ` +
      `werift sendRtp ${plain.toFixed(1)} µs, FastRtpSender ${fast.toFixed(1)} µs per packet per viewer ` +
      `(${(plain / fast).toFixed(2)}× less CPU; runs ${costs.plain.map((c) => c.toFixed(1)).join('/')} vs ` +
      `${costs.fast.map((c) => c.toFixed(1)).join('/')})`,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StepResult {
  viewers: number;
  relayCpuPercent: number;
  usPerPacket: number;
  /** The same without the relay's cost at N = 0 (ingest): what one more viewer's packet costs. */
  marginalUsPerPacket: number;
  viewersPerCore: number;
  marginalViewersPerCore: number;
  rssMiB: number;
  rssPerViewerKiB: number;
  minDelivery: number;
  /** Packets a viewer got twice (NACK answers), per video packet sent. */
  repeats: number;
  meanDelivery: number;
  viewerCpuPercent: number;
  videoPacketsPerS: number;
  videoMbps: number;
}

async function main(): Promise<void> {
  const steps = (process.env.BENCH_STEPS ?? '10,25,50,75,100').split(',').map(Number);
  const windowS = Number(process.env.BENCH_WINDOW_S ?? 10);
  const settleS = Number(process.env.BENCH_SETTLE_S ?? 3);
  const bitrate = Number(process.env.BENCH_BITRATE ?? 2_500_000);
  const relayArgs = (process.env.BENCH_RELAY_ARGS ?? '').split(' ').filter(Boolean);

  const relay = child('relay', 0, relayArgs);
  const viewers = child('viewers', 1, []);
  const results: StepResult[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const { base } = await request<Extract<RelayReply, { type: 'ready' }>>(relay, {}, 'ready');
    const media = await startBenchPublisher(base, STREAM, bitrate);
    cleanup.push(() => media.close());

    const cpu = () => request<Extract<RelayReply, { type: 'cpu' }>>(relay, { type: 'cpu' }, 'cpu');
    const counts = () =>
      request<Extract<ViewerReply, { type: 'counts' }>>(viewers, { type: 'counts' }, 'counts');

    // The relay's cost without viewers (ingest, packaging off): subtracted for the marginal figure.
    await sleep(settleS * 1000);
    const idleStart = await cpu();
    await sleep(windowS * 1000);
    const idleEnd = await cpu();
    const idleFraction = (idleEnd.cpuUs - idleStart.cpuUs) / (idleEnd.at - idleStart.at);
    const rss0 = idleEnd.rss;
    console.log(
      `N=0: relay ${(idleFraction * 100).toFixed(1)}% of a core (ingest), RSS ${(rss0 / 2 ** 20).toFixed(0)} MiB`,
    );

    for (const n of steps) {
      const grown = await request<Extract<ViewerReply, { type: 'grown' }>>(
        viewers,
        { type: 'grow', base, count: n },
        'grown',
      );
      if (grown.failed > 0) console.log(`  ${grown.failed} viewer(s) failed to connect`);
      await sleep(settleS * 1000);
      const [cpu0, counts0] = await Promise.all([cpu(), counts()]);
      const sent0 = media.sent();
      await sleep(windowS * 1000);
      const [cpu1, counts1] = await Promise.all([cpu(), counts()]);
      const sent1 = media.sent();

      const seconds = (cpu1.at - cpu0.at) / 1e6;
      const fraction = (cpu1.cpuUs - cpu0.cpuUs) / (cpu1.at - cpu0.at);
      const sentVideo = sent1.video - sent0.video;
      const delivered = counts1.video.map((count, i) => (count - (counts0.video[i] ?? 0)) / sentVideo);
      const total = (c: { video: number[]; audio: number[]; repeats: number[] }) =>
        [...c.video, ...c.audio, ...c.repeats].reduce((a, b) => a + b, 0);
      // A cluster does not report what it forwarded: what the viewers received stands in.
      const forwarded = cpu1.forwarded - cpu0.forwarded || total(counts1) - total(counts0);
      const result: StepResult = {
        viewers: grown.count,
        relayCpuPercent: fraction * 100,
        usPerPacket: (cpu1.cpuUs - cpu0.cpuUs) / forwarded,
        marginalUsPerPacket: (cpu1.cpuUs - cpu0.cpuUs - idleFraction * (cpu1.at - cpu0.at)) / forwarded,
        viewersPerCore: grown.count / fraction,
        marginalViewersPerCore: grown.count / Math.max(1e-9, fraction - idleFraction),
        rssMiB: cpu1.rss / 2 ** 20,
        rssPerViewerKiB: (cpu1.rss - rss0) / 1024 / grown.count,
        minDelivery: Math.min(...delivered),
        repeats:
          counts1.repeats.reduce((sum, count, i) => sum + count - (counts0.repeats[i] ?? 0), 0) /
          (sentVideo * grown.count),
        meanDelivery: delivered.reduce((a, b) => a + b, 0) / delivered.length,
        viewerCpuPercent: ((counts1.cpuUs - counts0.cpuUs) / (seconds * 1e6)) * 100,
        videoPacketsPerS: sentVideo / seconds,
        videoMbps: ((sent1.videoBytes - sent0.videoBytes) * 8) / seconds / 1e6,
      };
      results.push(result);
      console.log(
        `N=${result.viewers}: relay ${result.relayCpuPercent.toFixed(1)}% of a core, ` +
          `${result.usPerPacket.toFixed(1)} µs/forwarded packet (marginal ${result.marginalUsPerPacket.toFixed(1)}), ` +
          `${result.viewersPerCore.toFixed(0)} viewers/core (marginal ${result.marginalViewersPerCore.toFixed(0)}), ` +
          `${(forwarded / seconds).toFixed(0)} pkt/s forwarded to ${cpu1.viewers} sessions, ` +
          `RSS ${result.rssMiB.toFixed(0)} MiB (${result.rssPerViewerKiB.toFixed(0)} KiB/viewer), ` +
          `delivery min ${(result.minDelivery * 100).toFixed(1)}% mean ${(result.meanDelivery * 100).toFixed(1)}%, ` +
          `repeats ${(result.repeats * 100).toFixed(1)}%, ` +
          `viewers' process ${result.viewerCpuPercent.toFixed(0)}%, ` +
          `${result.videoPacketsPerS.toFixed(0)} video pkt/s ${result.videoMbps.toFixed(2)} Mbit/s`,
      );
    }
    const held = results.filter((r) => r.minDelivery >= 0.99);
    const best = held[held.length - 1];
    if (best) {
      console.log(
        `Largest N with every viewer ≥ 99% of packets: ${best.viewers} → ${best.viewersPerCore.toFixed(0)} viewers per core ` +
          `(${best.usPerPacket.toFixed(1)} µs per forwarded packet)`,
      );
    }
    const burstPackets = Number(process.env.BENCH_BURST ?? 0);
    if (burstPackets > 0) await sendCost(relay, media, burstPackets);
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    viewers.send({ type: 'stop' });
    relay.send({ type: 'stop' });
    await Promise.all([relay, viewers].map((proc) => new Promise((resolve) => proc.once('exit', resolve))));
  }
}

const role = process.argv[2];
const run = role === 'relay' ? relayMain : role === 'viewers' ? viewersMain : main;
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
