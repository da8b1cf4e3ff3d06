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
/** Loopback keyframes arrive as bursts of datagrams: room for a few at once. */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const STDERR_TAIL = 2048;

/**
 * One run of ffmpeg pulling a source (`pullCommand`) and sending its video and audio as RTP to two
 * UDP sockets on 127.0.0.1 that this session opened; to the relay it is a publisher like a WHIP
 * session (`RtpPublisher`). Packets are accepted only from loopback and with the SSRCs this session
 * gave ffmpeg. The session becomes `connected` (and its `codecs` known) at the first SPS, whose
 * profile names the H.264 payload; until then packets are dropped, as the pipeline would wait for a
 * keyframe anyway. It closes when ffmpeg exits: `source-ended` after a clean end (a VoD played out,
 * a live playlist that ended),
 * `error` with `failure` set otherwise; `close()` stops ffmpeg (SIGTERM, then SIGKILL) and the
 * sockets, and `exited` resolves once the process is gone.
 *
 * Tracks are timed by arrival, as a WebRTC publisher's are before its first sender report: with
 * `-re`, ffmpeg sends each packet when it is due, so arrival is presentation time on one clock.
 * ffmpeg's own RTCP would not help: its sender reports map each track's first packet to the wall
 * clock of its sending, which would undo the offset between the tracks.
 */
export class PullSession implements RtpPublisher {
  readonly id = newSessionId();
  readonly createdAt = Date.now();
  readonly connectionLost = false;
  readonly media: Emitter<PublisherMediaEvents>;
  readonly events: Emitter<PeerSessionEvents>;
  /** Set at `connected`. */
  codecs: MediaCodecs = {};
  /** Why the session closed with `error`. */
  failure: IngestError | undefined;
  readonly exited: Promise<void>;
  private readonly meters = { video: new RateMeter(), audio: new RateMeter() };
  private readonly targets: Record<MediaKind, RtpTarget | undefined>;
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
    private readonly sockets: Record<MediaKind, Socket | undefined>,
  ) {
    const { log } = options;
    this.media = new Emitter((error) => log.error({ err: error }, 'ingest media listener failed'));
    this.events = new Emitter((error) => log.error({ err: error }, 'ingest listener failed'));
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    const target = (socket: Socket | undefined, payloadType: number): RtpTarget | undefined =>
      // ffmpeg's -ssrc is a signed 32-bit option.
      socket && { port: socket.address().port, ssrc: randomInt(1, 2 ** 31 - 1), payloadType };
    this.targets = {
      video: target(sockets.video, VIDEO_PAYLOAD_TYPE),
      audio: target(sockets.audio, AUDIO_PAYLOAD_TYPE),
    };
    for (const kind of ['video', 'audio'] as const) {
      sockets[kind]?.on('message', (message, remote) => this.onDatagram(kind, message, remote));
    }
  }

  /** Opens the sockets and starts ffmpeg. */
  static async start(options: PullSessionOptions): Promise<PullSession> {
    const video = await openSocket();
    let audio: Socket | undefined;
    try {
      audio = options.probe.audio ? await openSocket() : undefined;
    } catch (error) {
      video.close();
      throw error;
    }
    const session = new PullSession(options, { video, audio });
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

  lastSenderReport(): SenderReportTiming | undefined {
    return undefined;
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
    for (const socket of Object.values(this.sockets)) socket?.close();
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
        if (this.ready) this.media.emit('videoInfo', this.size);
      }
    }
    if (!this.ready || this._closed) return;
    if (this._firstMediaAt === 0) {
      this._firstMediaAt = now;
      this.media.emit('media');
    }
    this._lastMediaAt = now;
    this._packets++;
    this._bytes += message.length;
    this.meters[kind].add(packet.payload.length, packet.header.timestamp, now);
    this.media.emit('rtp', kind, packet);
  }

  /** The first SPS: the codecs are known, the relay attaches (synchronously, on `connected`). */
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
    this.events.emit('connected');
    if (this.size) this.media.emit('videoInfo', this.size);
  }
}

async function openSocket(): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}
