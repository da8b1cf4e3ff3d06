import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { RtpPacket } from 'werift';
import type { SenderReportTiming } from '../media/rtp-timeline';
import type { EndReason } from '../stream/stream';
import { RateMeter } from '../stream/rate-meter';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { MediaCodecs } from '../webrtc/offer';
import { newSessionId, type PeerSessionEvents } from '../webrtc/peer-session';
import type { MediaKind, PublisherMediaEvents } from '../webrtc/publisher-session';
import type { RtpPublisher } from '../webrtc/rtp-publisher';
import { inspectH264Payload } from '../webrtc/video-rtp-inspect';
import { IngestError } from './ingest-error';
import { playlistEnded } from './playlist-end';
import { pullCommand, type RtpTarget } from './pull-command';
import { senderReportRtpTimestamp } from './sender-report';
import type { SourceProbe } from './source-probe';

export interface PullSessionOptions {
  streamName: string;
  url: string;
  probe: SourceProbe;
  ffmpegPath: string;
  keyframeIntervalMs: number;
  maxBitrate: number;
  log: Logger;
}

const VIDEO_PAYLOAD_TYPE = 96;
const AUDIO_PAYLOAD_TYPE = 111;
/** ffmpeg gets this long to exit after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 2000;
/** Packets held while the tracks are aligned (about a second of media); past it they go as they are. */
const MAX_HELD_PACKETS = 2000;
/** How long the first packets wait for the other track's first sender report. */
const MAX_ALIGN_WAIT_MS = 2000;
/**
 * The NTP time given to every track's pts 0: any constant does, as only the difference between
 * tracks matters to the stream timeline.
 */
const PTS_ZERO_NTP = [3_900_000_000, 0] as const;
/** Loopback keyframes arrive as bursts of datagrams: room for a few at once. */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const STDERR_TAIL = 2048;

/**
 * One run of ffmpeg pulling a source (`pullCommand`) and sending its video and audio as RTP to two
 * UDP sockets on 127.0.0.1 that this session opened; to the relay it is a publisher like a WHIP
 * session (`RtpPublisher`). Packets are accepted only from loopback and with the SSRCs this session
 * gave ffmpeg. Its `codecs` are known at the first SPS, whose profile names the H.264 payload
 * (video before it is dropped: the pipeline would wait for a keyframe anyway); it becomes
 * `connected` when its first packets are released (below). It closes when ffmpeg exits:
 * `source-ended` after a clean end (a VoD played out, a live playlist that ended), `error` with
 * `failure` set otherwise; `close()` stops ffmpeg (SIGTERM, then SIGKILL) and the
 * sockets, and `exited` resolves once the process is gone.
 *
 * Audio and video are aligned by their presentation times, not by arrival: with `-re` ffmpeg sends
 * packets as it reads them, and MPEG-TS sources interleave audio late (a PES of ~0.2 s written
 * after the video of the same time), so audio would arrive, and play, that much late. ffmpeg's first
 * RTCP sender report of a track carries its RTP timestamp of pts 0 (the random base it adds to every
 * pts); the session holds the first packets until every track's base and first packet are there,
 * then hands the pipeline one sender report per track that puts pts 0 of each at the same instant
 * (`PTS_ZERO_NTP`), and releases the held packets at once. The stream timeline then maps both
 * tracks through those reports (`StreamTimeline`). Later reports are not passed on: ffmpeg derives
 * them from its wall clock, not from the media.
 */
export class PullSession implements RtpPublisher {
  readonly id = newSessionId();
  readonly createdAt = Date.now();
  readonly connectionLost = false;
  readonly media: Emitter<PublisherMediaEvents>;
  readonly events: Emitter<PeerSessionEvents>;
  /** Known at `connected`. */
  codecs: MediaCodecs = {};
  /** Why the session closed with `error`. */
  failure: IngestError | undefined;
  readonly exited: Promise<void>;
  private readonly meters = { video: new RateMeter(), audio: new RateMeter() };
  private readonly targets: Record<MediaKind, RtpTarget | undefined>;
  /** Each track's RTP timestamp of pts 0, from its first sender report. */
  private readonly bases: Partial<Record<MediaKind, number>> = {};
  private readonly reports: Partial<Record<MediaKind, SenderReportTiming>> = {};
  private held: { kind: MediaKind; packet: RtpPacket; bytes: number }[] = [];
  private released = false;
  private alignTimer: NodeJS.Timeout | undefined;
  private child: ChildProcess | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private stderr = '';
  private ready = false;
  private _closed = false;
  private _firstMediaAt = 0;
  private _lastMediaAt = 0;
  private _packets = 0;
  private _bytes = 0;
  private _keyframeRequests = 0;
  private size: { width: number; height: number } | undefined;
  private resolveExited: () => void = () => {};

  private constructor(
    private readonly options: PullSessionOptions,
    private readonly sockets: Record<MediaKind, TrackSockets | undefined>,
  ) {
    const { log } = options;
    this.media = new Emitter((error) => log.error({ err: error }, 'ingest media listener failed'));
    this.events = new Emitter((error) => log.error({ err: error }, 'ingest listener failed'));
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    const target = (track: TrackSockets | undefined, payloadType: number): RtpTarget | undefined =>
      track && {
        port: track.rtp.address().port,
        rtcpPort: track.rtcp.address().port,
        // ffmpeg's -ssrc is a signed 32-bit option.
        ssrc: randomInt(1, 2 ** 31 - 1),
        payloadType,
      };
    this.targets = {
      video: target(sockets.video, VIDEO_PAYLOAD_TYPE),
      audio: target(sockets.audio, AUDIO_PAYLOAD_TYPE),
    };
    for (const kind of ['video', 'audio'] as const) {
      sockets[kind]?.rtp.on('message', (message, remote) => this.onDatagram(kind, message, remote));
      sockets[kind]?.rtcp.on('message', (message, remote) => this.onRtcp(kind, message, remote));
    }
  }

  /** Opens the sockets and starts ffmpeg. */
  static async start(options: PullSessionOptions): Promise<PullSession> {
    const opened: Socket[] = [];
    const open = async () => {
      const socket = await openSocket();
      opened.push(socket);
      return socket;
    };
    let sockets: Record<MediaKind, TrackSockets | undefined>;
    try {
      sockets = {
        video: { rtp: await open(), rtcp: await open() },
        audio: options.probe.audio ? { rtp: await open(), rtcp: await open() } : undefined,
      };
    } catch (error) {
      for (const socket of opened) socket.close();
      throw error;
    }
    const session = new PullSession(options, sockets);
    session.spawn();
    return session;
  }

  get streamName(): string {
    return this.options.streamName;
  }

  get closed(): boolean {
    return this._closed;
  }

  get firstMediaAt(): number {
    return this._firstMediaAt;
  }

  get lastMediaAt(): number {
    return this._lastMediaAt;
  }

  get packets(): number {
    return this._packets;
  }

  /** RTP bytes received from ffmpeg (headers included). */
  get bytes(): number {
    return this._bytes;
  }

  /** Keyframe requests the relay made; a pull cannot pass them on (see `requestKeyframe`). */
  get keyframeRequests(): number {
    return this._keyframeRequests;
  }

  /** ffmpeg's process id while it runs. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Resolves true once the codecs are known, false if the session closed before. */
  whenConnected(): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    if (this._closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const offConnected = this.events.on('connected', () => {
        offClosed();
        resolve(true);
      });
      const offClosed = this.events.on('closed', () => {
        offConnected();
        resolve(false);
      });
    });
  }

  lastSenderReport(kind: MediaKind): SenderReportTiming | undefined {
    return this.reports[kind];
  }

  rates(now = Date.now()): Record<MediaKind, { bitrate: number; fps: number }> {
    return { video: this.meters.video.read(now), audio: this.meters.audio.read(now) };
  }

  /**
   * Nothing to do: ffmpeg takes no keyframe requests. A re-encoded source has a keyframe every
   * `keyframeIntervalMs`; a copied one has the source's GOP.
   */
  requestKeyframe(): void {
    this._keyframeRequests++;
  }

  close(reason: EndReason): void {
    if (this._closed) return;
    this._closed = true;
    this.stopProcess();
    clearTimeout(this.alignTimer);
    this.held = [];
    for (const track of Object.values(this.sockets)) {
      track?.rtp.close();
      track?.rtcp.close();
    }
    this.events.emit('closed', reason);
    this.events.removeAll();
    this.media.removeAll();
  }

  private spawn(): void {
    const { options } = this;
    const video = this.targets.video;
    if (!video) throw new Error('a pull session needs a video socket');
    const args = pullCommand({
      url: options.url,
      probe: options.probe,
      video,
      ...(this.targets.audio ? { audio: this.targets.audio } : {}),
      keyframeIntervalMs: options.keyframeIntervalMs,
      maxBitrate: options.maxBitrate,
    });
    options.log.debug({ stream: options.streamName, args }, 'starting ffmpeg');
    const child = spawn(options.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Spawning failed: no 'exit' follows.
      this.failure =
        error.code === 'ENOENT'
          ? IngestError.toolMissing(options.ffmpegPath, error)
          : IngestError.sourceFailed(options.url, error.message);
      this.finishProcess();
      this.close('error');
    });
    child.once('exit', (code, signal) => {
      this.finishProcess();
      if (this._closed) return;
      if (code === 0) {
        void this.endCleanly();
        return;
      }
      const lastLine = this.stderr.trim().split('\n').pop() ?? '';
      this.failure = IngestError.sourceFailed(
        options.url,
        `ffmpeg exited with ${code ?? signal}${lastLine ? `: ${lastLine}` : ''}`,
      );
      this.close('error');
    });
  }

  /**
   * ffmpeg finished without an error: the end of a VoD, but for a live source only if its playlist
   * says so (ffmpeg also stops cleanly when a live playlist no longer loads).
   */
  private async endCleanly(): Promise<void> {
    const { probe, url } = this.options;
    const ended = !probe.live || (await playlistEnded(url));
    if (this._closed) return;
    if (!ended) this.failure = IngestError.sourceFailed(url, 'the live playlist stopped loading');
    this.close(ended ? 'source-ended' : 'error');
  }

  private stopProcess(): void {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    this.killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  }

  private finishProcess(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
    this.resolveExited();
  }

  private onDatagram(kind: MediaKind, message: Buffer, remote: RemoteInfo): void {
    if (this._closed || remote.address !== '127.0.0.1') return;
    let packet: RtpPacket;
    try {
      packet = RtpPacket.deSerialize(message);
    } catch {
      return;
    }
    if (packet.header.ssrc !== this.targets[kind]?.ssrc) return;
    const now = Date.now();
    if (kind === 'video') {
      const info = inspectH264Payload(packet.payload);
      if (info.profileLevelId && !this.ready) this.connect(info.profileLevelId);
      if (
        info.width &&
        info.height &&
        (info.width !== this.size?.width || info.height !== this.size.height)
      ) {
        this.size = { width: info.width, height: info.height };
        if (this.released) this.media.emit('videoInfo', this.size);
      }
    }
    // Video before the first SPS cannot be decoded; audio is held from the start.
    if (this._closed || (kind === 'video' && !this.ready)) return;
    if (this.released) {
      this.deliver(kind, packet, message.length, now);
      return;
    }
    this.held.push({ kind, packet, bytes: message.length });
    this.release(this.held.length >= MAX_HELD_PACKETS);
  }

  private onRtcp(kind: MediaKind, message: Buffer, remote: RemoteInfo): void {
    const ssrc = this.targets[kind]?.ssrc;
    if (this._closed || remote.address !== '127.0.0.1' || ssrc === undefined) return;
    if (this.bases[kind] !== undefined) return;
    const base = senderReportRtpTimestamp(message, ssrc);
    if (base === undefined) return;
    this.bases[kind] = base;
    // A track that comes after the release (it took too long) is aligned through its report.
    if (this.released) this.report(kind, base);
    else this.release(false);
  }

  /**
   * Hands the held packets over once every track's base and first packet are there (or `force`):
   * reports first, so the pipeline maps the first packets by them.
   */
  private release(force: boolean): void {
    if (this.released || this._closed || !this.ready) return;
    const waitingFor = (['video', 'audio'] as const).filter(
      (kind) =>
        this.targets[kind] !== undefined &&
        (this.bases[kind] === undefined || !this.held.some((held) => held.kind === kind)),
    );
    if (waitingFor.length > 0 && !force) return;
    this.released = true;
    clearTimeout(this.alignTimer);
    // The relay attaches now (synchronously), so the stream's time 0 is this first media.
    this.events.emit('connected');
    if (this.size) this.media.emit('videoInfo', this.size);
    for (const kind of ['video', 'audio'] as const) {
      const base = this.bases[kind];
      if (base !== undefined) this.report(kind, base);
    }
    const now = Date.now();
    for (const { kind, packet, bytes } of this.held.splice(0)) this.deliver(kind, packet, bytes, now);
  }

  private report(kind: MediaKind, base: number): void {
    const report = { ntpTime: PTS_ZERO_NTP, rtpTimestamp: base };
    this.reports[kind] = report;
    this.media.emit('senderReport', kind, report);
  }

  private deliver(kind: MediaKind, packet: RtpPacket, bytes: number, now: number): void {
    if (this._closed) return;
    if (this._firstMediaAt === 0) {
      this._firstMediaAt = now;
      this.media.emit('media');
    }
    this._lastMediaAt = now;
    this._packets++;
    this._bytes += bytes;
    this.meters[kind].add(packet.payload.length, packet.header.timestamp, now);
    this.media.emit('rtp', kind, packet);
  }

  /** The first SPS: the codecs are known; the alignment wait (`release`) starts. */
  private connect(profileLevelId: string): void {
    this.codecs = {
      video: {
        kind: 'video',
        name: 'H264',
        payloadType: VIDEO_PAYLOAD_TYPE,
        clockRate: 90000,
        profileLevelId,
        params: { 'packetization-mode': '1', 'profile-level-id': profileLevelId },
      },
      ...(this.targets.audio
        ? {
            audio: {
              kind: 'audio' as const,
              name: 'opus' as const,
              payloadType: AUDIO_PAYLOAD_TYPE,
              clockRate: 48000,
              channels: 2,
              params: {},
            },
          }
        : {}),
    };
    this.ready = true;
    this.alignTimer = setTimeout(() => this.release(true), MAX_ALIGN_WAIT_MS);
    this.alignTimer.unref();
  }
}

/** One track's two sockets: RTP, and the RTCP ffmpeg sends its sender reports to. */
interface TrackSockets {
  rtp: Socket;
  rtcp: Socket;
}

async function openSocket(): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}
