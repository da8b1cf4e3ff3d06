import type { ServerConfig } from '../config';
import type { EndReason, Stream } from '../stream/stream';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import type { Logger } from '../util/logger';
import { codecString, describeCodec } from './codec-selection';
import { FanoutPacket } from './fanout-packet';
import { GopCadence } from './gop-cadence';
import { KeyframeRequester } from './keyframe-requester';
import { prepareOffer, type MediaCodecs } from './offer';
import { PublisherMedia, type LiveMedia } from './publisher-media';
import type { PatchResult, PeerSession, SessionRole } from './peer-session';
import { PublisherSession, type MediaKind } from './publisher-session';
import type { RtpPublisher } from './rtp-publisher';
import { parseSdpFrag } from './sdp-frag';
import { ViewerSession } from './viewer-session';
import { VideoClockReader, type RtpClockPair } from './video-clock-reader';

/** What a WHIP publisher may ask of the relay beyond its offer. */
export interface PublishOptions {
  /**
   * Ask the publisher for a keyframe at least this often (ms), whatever the codec and whether or not
   * anything packages the stream. Replaces the server's `keyframeCadenceMs` for this publish.
   */
  keyframeIntervalMs?: number;
}

export interface SessionAnswer {
  id: string;
  sdp: string;
  etag: string;
}

/** Per stream: the current publisher, its viewers, and the keyframe requests sent to it. */
interface Channel {
  publisher: RtpPublisher;
  viewers: Set<ViewerSession>;
  keyframes: KeyframeRequester;
  watchdog: NodeJS.Timeout;
  /** The packaging pipeline (H.264 publishers only; it runs while packagers read it). */
  media: PublisherMedia | undefined;
  /**
   * RTP timestamp ↔ stream time of the newest video frame, for WHEP metadata clock messages: one
   * reader per publish shared by its viewers, started by the first viewer that asks.
   */
  clock: VideoClockReader | undefined;
}

/**
 * WHIP in, WHEP out: owns every WebRTC session, wires each publisher's RTP to its stream's viewers
 * (passthrough, no transcoding), and drives the stream's state from the publisher's life.
 */
export class WebRtcRelay {
  private readonly sessions = new Map<string, PeerSession>();
  private readonly channels = new Map<string, Channel>();
  private disposed = false;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly config: ServerConfig,
    private readonly log: Logger,
  ) {}

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Publisher sessions (negotiating or connected) of streams other than `except`. */
  publisherCount(except?: string): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (session.role === 'publisher' && session.streamName !== except) count++;
    }
    return count;
  }

  /** WHIP POST: accepts a publisher for `name`, replacing a dead one; 409 if a healthy one exists. */
  async publish(
    name: string,
    offerText: string,
    remoteAddress: string,
    options: PublishOptions = {},
  ): Promise<SessionAnswer> {
    const offer = prepareOffer(offerText, this.config.ice);
    const current = this.channels.get(name);
    if (current && !this.isReplaceable(current.publisher)) throw BrumeError.streamBusy(name);

    const session = new PublisherSession(name, offer, remoteAddress, this.config.ice, this.log, {
      maxIngestBitrate: this.config.maxIngestBitrate,
    });
    const sdp = await this.negotiate(session);
    if (this.disposed) {
      session.close('shutdown');
      throw new Error('server is shutting down');
    }
    // Another publisher may have won while werift was answering.
    const winner = this.channels.get(name);
    if (winner && winner !== current && !this.isReplaceable(winner.publisher)) {
      session.close('replaced');
      throw BrumeError.streamBusy(name);
    }
    if (session.closed) throw new Error('the peer connection closed during negotiation');
    const previous = this.channels.get(name);
    const keptViewers = previous
      ? this.endChannel(name, previous, 'replaced', session.codecs)
      : new Set<ViewerSession>();
    this.attachPublisher(name, session, keptViewers, options);
    this.log.info(
      {
        stream: name,
        session: session.id,
        remote: remoteAddress,
        codecs: describeCodecs(session.codecs),
        ...(offer.declinedSimulcast ? { simulcastDeclined: offer.declinedSimulcast } : {}),
        ...options,
      },
      `publisher connected to ${name}: ${describeCodecs(session.codecs)}`,
    );
    return { id: session.id, sdp, etag: session.etag };
  }

  /**
   * Attaches a publisher that is no WHIP session (an HLS pull, `ingest/`): the stream starts, and its
   * RTP goes to WHEP viewers and the packaging pipeline exactly as a WHIP publisher's would; the
   * stream ends when it closes. A current publisher of the stream is replaced.
   */
  ingest(name: string, publisher: RtpPublisher): void {
    if (this.disposed) {
      publisher.close('shutdown');
      return;
    }
    const previous = this.channels.get(name);
    const keptViewers = previous
      ? this.endChannel(name, previous, 'replaced', publisher.codecs)
      : new Set<ViewerSession>();
    this.attachPublisher(name, publisher, keptViewers, {});
    this.log.info(
      { stream: name, session: publisher.id, codecs: describeCodecs(publisher.codecs) },
      `ingest attached to ${name}: ${describeCodecs(publisher.codecs)}`,
    );
  }

  /** WHEP POST: a viewer of a stream that has a publisher (starting or live). */
  async view(name: string, offerText: string, remoteAddress: string): Promise<SessionAnswer> {
    const channel = this.channels.get(name);
    if (!channel) throw BrumeError.streamOffline(name);
    const offer = prepareOffer(offerText, this.config.ice, channel.publisher.codecs);
    const metadata = this.registry.ensure(name).metadata;
    const session = new ViewerSession(name, offer, remoteAddress, this.config.ice, this.log, {
      store: metadata,
      // The current publish's clock: a viewer kept across a replacement follows the new timeline.
      clock: () => this.videoClock(name),
    });
    const sdp = await this.negotiate(session);
    const now = this.channels.get(name);
    if (!now || this.disposed) {
      session.close(this.disposed ? 'shutdown' : 'stream-ended');
      throw BrumeError.streamOffline(name);
    }
    now.viewers.add(session);
    session.feedback.on('keyframeNeeded', () => this.channels.get(name)?.keyframes.request());
    session.events.on('closed', (reason) => {
      this.sessions.delete(session.id);
      const channel = this.channels.get(name);
      channel?.viewers.delete(session);
      if (channel?.viewers.size === 0) {
        // The clock reader is a media reader: left attached, it would keep the pipeline (and an
        // on-demand pull or edge) in use with nobody watching. The next viewer starts another.
        channel.clock?.dispose();
        channel.clock = undefined;
      }
      this.registry.get(name)?.setViewers(channel?.viewers.size ?? 0);
      // The session registry logs the end at info (reason, duration, bytes); this is the RTP detail.
      this.log.debug(
        { stream: name, session: session.id, reason, forwarded: session.forwarded },
        `viewer of ${name} left (${reason})`,
      );
    });
    this.registry.ensure(name).setViewers(now.viewers.size);
    // Viewers come and go by the thousand on a busy relay: their start is detail, their end is logged.
    this.log.debug(
      { stream: name, session: session.id, remote: remoteAddress, codecs: describeCodecs(session.codecs) },
      `viewer joined ${name}: ${describeCodecs(session.codecs)}`,
    );
    return { id: session.id, sdp, etag: session.etag };
  }

  /** The access units of a stream's current publisher, for packagers; undefined if offline or not H.264. */
  media(name: string): LiveMedia | undefined {
    return this.channels.get(name)?.media;
  }

  /** The session at `/{whip|whep}/:name/:id`, or a 404 error. */
  find(role: SessionRole, name: string, id: string): PeerSession {
    const session = this.sessions.get(id);
    if (!session || session.role !== role || session.streamName !== name || session.closed) {
      throw BrumeError.sessionNotFound(`/${role === 'publisher' ? 'whip' : 'whep'}/${name}/${id}`);
    }
    return session;
  }

  async patch(
    role: SessionRole,
    name: string,
    id: string,
    body: string,
    ifMatch: string | undefined,
  ): Promise<PatchResult> {
    const session = this.find(role, name, id);
    if (ifMatch !== undefined && ifMatch.trim() !== '*' && ifMatch.trim() !== session.etag) {
      throw BrumeError.preconditionFailed(session.etag);
    }
    return session.patch(parseSdpFrag(body), ifMatch);
  }

  /** WHIP/WHEP DELETE. */
  remove(role: SessionRole, name: string, id: string): void {
    this.find(role, name, id).close('delete');
  }

  /** Closes every session (server shutdown). */
  dispose(): void {
    this.disposed = true;
    for (const session of [...this.sessions.values()]) session.close('shutdown');
    this.sessions.clear();
    // Ingests (HLS pulls) are no sessions: their channels end here too.
    for (const channel of [...this.channels.values()]) channel.publisher.close('shutdown');
  }

  private async negotiate(session: PeerSession): Promise<string> {
    this.sessions.set(session.id, session);
    try {
      return await session.answer();
    } catch (error) {
      session.close('error');
      this.sessions.delete(session.id);
      throw error;
    }
  }

  /**
   * A publisher may be replaced when its connection is gone: ICE broken, no media for
   * `staleMediaMs`, or never any media within `mediaTimeoutMs` of its POST. A client that
   * reconnects under the same name therefore waits at most about two seconds.
   */
  private isReplaceable(publisher: RtpPublisher, now = Date.now()): boolean {
    if (publisher.closed || publisher.connectionLost) return true;
    if (publisher.lastMediaAt > 0) return now - publisher.lastMediaAt > this.config.staleMediaMs;
    return now - publisher.createdAt > this.config.mediaTimeoutMs;
  }

  private attachPublisher(
    name: string,
    publisher: RtpPublisher,
    viewers: Set<ViewerSession>,
    options: PublishOptions,
  ): void {
    const stream = this.registry.ensure(name);
    const kinds: MediaKind[] = ['video', 'audio'];
    const present = kinds.filter((kind) => publisher.codecs[kind]);
    stream.beginPublish(
      publisher.id,
      present.map((kind) => {
        const codec = publisher.codecs[kind];
        return kind === 'audio'
          ? { kind, codec: 'opus', channels: codec?.channels ?? 2, sampleRate: codec?.clockRate ?? 48000 }
          : { kind, codec: codec ? codecString(codec) : 'unknown' };
      }),
    );
    const trackId = (kind: MediaKind) => present.indexOf(kind);
    const keyframes = new KeyframeRequester(
      () => publisher.requestKeyframe(),
      this.config.keyframeIntervalMs,
    );
    const watchdog = setInterval(() => this.checkPublisher(stream, publisher), 1000);
    watchdog.unref();
    const requested = options.keyframeIntervalMs;
    const media =
      publisher.codecs.video?.name === 'H264'
        ? new PublisherMedia(
            publisher,
            keyframes,
            this.log,
            this.config.dvrWindowMs,
            // A requested interval is kept by the channel's own cadence below, one grid only.
            requested === undefined ? this.config.keyframeCadenceMs : 0,
          )
        : undefined;
    // The publisher's own interval, for every codec and whether or not a packager runs: on the same
    // grid as the packaging pipeline's stream time (ms since the first media), read off the arrival
    // of video packets, so no timer runs for a silent publisher.
    const gop = requested === undefined ? undefined : new GopCadence(requested, () => keyframes.request());
    const channel: Channel = { publisher, viewers, keyframes, watchdog, media, clock: undefined };
    this.channels.set(name, channel);

    publisher.media.on('media', () => stream.markLive(publisher.id));
    publisher.media.on('videoInfo', (size) => stream.updateTrack(trackId('video'), size));
    publisher.media.on('rtp', (kind, packet) => {
      if (gop && kind === 'video') gop.observe(Date.now() - publisher.firstMediaAt);
      if (channel.viewers.size === 0) return;
      const shared = new FanoutPacket(packet);
      for (const viewer of channel.viewers) viewer.forward(kind, shared);
    });
    publisher.events.on('closed', (reason) => {
      this.sessions.delete(publisher.id);
      this.log.debug(
        { stream: name, session: publisher.id, reason, packets: publisher.packets },
        `publisher of ${name} ended (${reason})`,
      );
      if (this.channels.get(name) === channel) this.endChannel(name, channel, reason);
    });
  }

  /** The newest video frame's RTP timestamp and stream time of `name`'s current publish. */
  private videoClock(name: string): RtpClockPair | undefined {
    const channel = this.channels.get(name);
    if (!channel?.media) return undefined;
    if (!channel.clock) {
      channel.clock = new VideoClockReader();
      channel.clock.attach(channel.media);
    }
    return channel.clock.latest;
  }

  /** Liveness and stats, once a second per publisher (never per packet). */
  private checkPublisher(stream: Stream, publisher: RtpPublisher): void {
    const now = Date.now();
    const silentFor = now - (publisher.lastMediaAt || publisher.createdAt);
    if (silentFor > this.config.mediaTimeoutMs * (publisher.lastMediaAt ? 1 : 2)) {
      publisher.close('timeout');
      return;
    }
    const rates = publisher.rates(now);
    stream.tracks.forEach((track) => {
      const rate = track.kind === 'video' ? rates.video : rates.audio;
      stream.updateTrack(track.id, track.kind === 'video' ? rate : { bitrate: rate.bitrate });
    });
  }

  /**
   * Ends a stream's current publish and returns the viewers that stay: on a replacement with the
   * same codecs (`nextCodecs`) they continue with the new publisher's media; otherwise they are
   * closed. A replacement does not report `ended`: the next publish reports `starting` at once.
   */
  private endChannel(
    name: string,
    channel: Channel,
    reason: EndReason,
    nextCodecs?: MediaCodecs,
  ): Set<ViewerSession> {
    clearInterval(channel.watchdog);
    // Packager readers end with the publish, replaced or not: their files would change timeline.
    channel.clock?.dispose();
    channel.media?.dispose();
    channel.keyframes.dispose();
    this.channels.delete(name);
    const keep = nextCodecs !== undefined && sameCodecs(channel.publisher.codecs, nextCodecs);
    const viewers = keep ? channel.viewers : new Set<ViewerSession>();
    if (!keep) {
      for (const viewer of [...channel.viewers]) viewer.close('stream-ended');
    }
    if (!channel.publisher.closed) channel.publisher.close(reason);
    const stream = this.registry.get(name);
    if (reason !== 'replaced') stream?.endPublish(channel.publisher.id, reason);
    stream?.setViewers(viewers.size);
    return viewers;
  }
}

function describeCodecs(codecs: MediaCodecs): string {
  return [codecs.video, codecs.audio].flatMap((codec) => (codec ? [describeCodec(codec)] : [])).join(', ');
}

function sameCodecs(a: MediaCodecs, b: MediaCodecs): boolean {
  const key = (codecs: MediaCodecs) =>
    [codecs.video, codecs.audio].map((c) => (c ? `${c.name}/${c.profileLevelId ?? ''}` : '-')).join(' ');
  return key(a) === key(b);
}
