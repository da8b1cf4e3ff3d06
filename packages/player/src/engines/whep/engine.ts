import { WhipError, WhipSession, preferCodec } from '@brume/whip';
import { Emitter } from '@brume/protocol';
import { PlayerError } from '../../player-error';
import {
  NO_TRACKS,
  type Engine,
  type EngineContext,
  type EngineEvents,
  type EngineTracks,
  type TimeRange,
  type TransportStats,
} from '../types';
import { readInboundStats, type InboundSample } from './inbound-stats';
import { observeFrameRtp } from './frame-rtp-observer';
import { openMetadataChannel } from './metadata-channel';
import { RtpStreamClock } from './rtp-stream-clock';

export function createEngine(context: EngineContext): Engine {
  return new WhepEngine(context);
}

/** Maps WHEP failures onto player codes: the core treats "not live" and "unauthorized" differently. */
function toPlayerError(error: unknown): PlayerError {
  if (error instanceof WhipError) {
    if (error.code === 'whip/not-found') {
      return new PlayerError('player/stream-not-live', 'The server has no live stream by this name (yet).', {
        cause: error,
      });
    }
    if (error.code === 'whip/unauthorized') {
      return new PlayerError(
        'player/unauthorized',
        'The server refused to play this stream: check the token.',
        {
          cause: error,
        },
      );
    }
  }
  return PlayerError.from(error, 'whep');
}

/**
 * Plays a stream over WHEP: one receive-only peer connection (video + audio), H.264 preferred so the
 * browser decodes in hardware where it can, the received tracks in one MediaStream on the video
 * element. It reports connection health as events and leaves every decision to the core.
 *
 * A `brume-metadata` data channel brings the stream's metadata events and clock messages; with
 * the RTP timestamps of displayed frames (requestVideoFrameCallback) they place each frame on the
 * stream timeline exactly.
 */
class WhepEngine implements Engine {
  readonly name = 'whep';
  /** WebRTC has no buffer to catch up: the jitter buffer keeps it at the edge. */
  readonly liveSync = 'none';
  private readonly events = new Emitter<EngineEvents>((error) => console.error('Brume whep engine', error));
  private readonly abort = new AbortController();
  private readonly cleanups: (() => void)[] = [];
  private pc: RTCPeerConnection | undefined;
  private session: WhipSession | undefined;
  private media: MediaStream | undefined;
  private lastSample: InboundSample | undefined;
  private anchor: { mediaTime: number; wallMs: number } | undefined;
  private readonly rtpClock = new RtpStreamClock();
  /** Set when the server ended the session itself: a DELETE would only earn a 404. */
  private remoteEnded = false;
  private disposed = false;

  constructor(private readonly context: EngineContext) {
    // Registered before the core starts its own frame clock for this engine, so for each frame
    // this callback runs first and the core's mapping finds the frame's own RTP timestamp.
    this.cleanups.push(
      observeFrameRtp(context.video, (mediaTime, rtp) => this.rtpClock.observeFrame(mediaTime, rtp)),
    );
  }

  on<K extends keyof EngineEvents>(type: K, listener: (payload: EngineEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  async start(): Promise<void> {
    // No ICE servers: the relay answers with host candidates (and Link headers if it has TURN).
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', iceServers: [] });
    this.pc = pc;
    const video = pc.addTransceiver('video', { direction: 'recvonly' });
    preferCodec(video, 'video/H264', 'video');
    pc.addTransceiver('audio', { direction: 'recvonly' });
    this.cleanups.push(
      openMetadataChannel(pc, {
        onEvents: (events) => this.events.emit('metadata', { events }),
        onClock: (rtp, streamMs) => this.rtpClock.onClock(rtp, streamMs),
      }),
    );

    const media = new MediaStream();
    this.media = media;
    this.listen(pc, 'track', (event) => this.addTrack((event as RTCTrackEvent).track));
    this.listen(pc, 'connectionstatechange', () => this.onConnectionState(pc.connectionState));
    this.listen(this.context.video, 'playing', () => this.events.emit('playing', {}));
    this.context.video.srcObject = media;

    let session: WhipSession;
    try {
      session = await WhipSession.start(pc, {
        endpoint: this.context.source.url,
        token: this.context.token,
        signal: this.abort.signal,
      });
    } catch (error) {
      throw toPlayerError(error);
    }
    if (this.disposed) {
      // Disposed while the POST was in flight: the server made a session nobody will use.
      void session.close();
      return;
    }
    this.session = session;
  }

  async getTransportStats(): Promise<TransportStats | undefined> {
    const pc = this.pc;
    if (!pc || this.disposed) return undefined;
    const { stats, sample } = readInboundStats(await pc.getStats(), this.lastSample);
    this.lastSample = sample;
    return stats;
  }

  hasLiveAudio(): boolean {
    return this.media?.getAudioTracks().some((t) => t.readyState === 'live' && !t.muted) ?? false;
  }

  /**
   * Exact once the data channel's first clock message and a displayed frame's RTP timestamp are
   * in (`RtpStreamClock`). Before that, and from a relay without the channel, frames are placed by
   * their arrival: the first frame seen is anchored at "now" on the server's wall clock
   * (`timeline.startUnixMs`), later ones by their media-time distance from it; that is ahead by the
   * relay-to-screen delay (network and jitter buffer: tens of ms on WebRTC).
   */
  mediaTimeToStreamMs(mediaTime: number): number | undefined {
    const exact = this.rtpClock.toStreamMs(mediaTime);
    if (exact !== undefined) return exact;
    const start = this.context.info.timeline.startUnixMs;
    if (!start) return undefined;
    this.anchor ??= { mediaTime, wallMs: Date.now() };
    return this.anchor.wallMs + (mediaTime - this.anchor.mediaTime) * 1000 - start;
  }

  isLive(): boolean {
    return true;
  }

  /** WebRTC plays at the edge; its delay is network + jitter buffer, reported in the transport stats. */
  getLiveLatency(): number | undefined {
    return undefined;
  }

  getSeekRange(): TimeRange | undefined {
    return undefined;
  }

  seek(): void {}

  goLive(): void {}

  getTracks(): EngineTracks {
    return NO_TRACKS;
  }

  setQuality(): void {}

  setAudioTrack(): void {}

  setTextTrack(): void {}

  dispose(options: { sessionGone?: boolean } = {}): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    // DELETE tells the server at once, instead of after its ICE consent timeout.
    if (options.sessionGone || this.remoteEnded) this.session?.dispose();
    else void this.session?.close();
    this.session = undefined;
    this.pc?.close();
    this.pc = undefined;
    if (this.context.video.srcObject === this.media) this.context.video.srcObject = null;
    this.media = undefined;
    this.events.clear();
  }

  private addTrack(track: MediaStreamTrack): void {
    const media = this.media;
    if (!media || this.disposed) return;
    media.addTrack(track);
    this.listen(track, 'ended', () => {
      if (media.getTracks().every((t) => t.readyState === 'ended')) {
        this.remoteEnded = true;
        this.events.emit('ended', { reason: 'the tracks ended' });
      }
    });
    if (track.kind === 'video') {
      // A remote track mutes when its packets stop (publisher gone, network loss) and unmutes when
      // they flow again: exactly "stalled" and "playing".
      this.listen(track, 'mute', () => this.events.emit('stalled', { reason: 'video stopped arriving' }));
      this.listen(track, 'unmute', () => this.events.emit('playing', {}));
    }
  }

  private onConnectionState(state: RTCPeerConnectionState): void {
    if (this.disposed) return;
    switch (state) {
      case 'connected':
        this.events.emit('playing', {});
        break;
      case 'disconnected':
        this.events.emit('stalled', { reason: 'ICE disconnected' });
        break;
      case 'failed':
        this.events.emit('ended', { reason: 'the connection failed' });
        break;
      case 'closed':
        this.remoteEnded = true;
        this.events.emit('ended', { reason: 'the server closed the connection' });
        break;
      default:
        break;
    }
  }

  private listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.cleanups.push(() => target.removeEventListener(type, listener));
  }
}
