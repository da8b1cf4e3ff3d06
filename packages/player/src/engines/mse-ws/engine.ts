import {
  ErrorCodes,
  type WsMediaClientMessage,
  type WsMediaServerMessage,
  type WsMediaTrack,
} from '@brume/protocol';
import { PlayerError } from '../../player-error';
import { MediaElementEngine } from '../media-element-engine';
import type { Engine, EngineContext, EngineTracks, TimeRange, TransportStats } from '../types';
import { aheadOf, evictionEnd, gapJump, rangeAt } from './buffered-ranges';
import { ByteRate } from './byte-rate';
import { LatencyTarget } from './latency-target';
import { LiveCatchUp } from './live-catch-up';
import { LiveEdge } from './live-edge';
import { MseSink } from './mse-sink';
import { WsMediaSocket } from './ws-media-socket';
import { codecName, tracksFor, wsTracks, type KnownTracks, type WsSelection } from './ws-tracks';

export function createEngine(context: EngineContext): Engine {
  return new MseWsEngine(context);
}

/** How often (ms) the playhead is steered, holes jumped and old media evicted. */
const TICK_MS = 200;
/** Media kept behind the playhead (s); older is evicted (a seek further back asks the server). */
const KEEP_BEHIND_S = 30;
/** Eviction waits for this much more (s), so it removes chunks, not a sliver per tick. */
const EVICT_SLACK_S = 10;
/** Holes up to this long (s) are jumped; farther media is not this position's. */
const MAX_GAP_JUMP_S = 3;
/** Placing at the live edge waits until the buffered end is this close to it (s): the GOP burst is in. */
const NEAR_EDGE_S = 0.5;
/** ...or this long (ms) after the first media, when the burst is slow. */
const PLACE_LIVE_FALLBACK_MS = 1_500;
/** A DVR position still not buffered this long (ms) after media arrived takes the nearest media. */
const PLACE_TIME_FALLBACK_MS = 3_000;
/** `goLive()` seeks locally when the buffered end is this close to the edge (s); else it asks the server. */
const LOCAL_LIVE_S = 1;
/** A seek this close (s) to where live playback sits is a return to live. */
const LIVE_SNAP_S = 0.5;
/** Arrival gaps larger than this (s) are bursts (a GOP sent at once), not the live cadence. */
const MAX_ARRIVAL_GAP_S = 1;
/** The playhead is put this far (s) before the buffered end at most, so it lands on media. */
const PLACE_BEFORE_END_S = 0.05;

/** Where the playhead goes once media for it is buffered. */
type Placement =
  { kind: 'live'; firstMediaMs?: number } | { kind: 'time'; time: number; firstMediaMs?: number };

function kindsOf(tracks: readonly WsMediaTrack[]): string {
  return tracks
    .map((t) => t.kind)
    .sort()
    .join('+');
}

/** Maps a server `error` message onto a player error: "not live" is retried differently. */
function serverError(message: { code: string; message: string }): PlayerError {
  if (message.code === ErrorCodes.streamNotFound) {
    return new PlayerError(
      'player/stream-not-live',
      `The server has no live stream here: ${message.message}.`,
    );
  }
  return new PlayerError(
    'player/engine-failed',
    `The mse-ws engine failed: the server said ${message.code} (${message.message}).`,
  );
}

/**
 * Brume's fMP4 over WebSocket into MSE: the lowest-latency engine after WebRTC. The server pushes
 * ~100 ms fragments as they are made and says where the live edge is (`time`), so this engine keeps
 * the latency itself (`liveSync = 'engine'`): the playback rate (0.95–1.1) holds it at a target
 * just over what the fragment cadence and network jitter need (`LatencyTarget`, by latency mode),
 * and far behind it jumps (`LiveCatchUp`).
 *
 * - Start: the server sends the latest GOP at once; the playhead is placed at the edge minus the
 *   target once that burst is buffered, and `start()` resolves.
 * - DVR: `getSeekRange()` is the server's window. A seek inside the buffered media (30 s are kept
 *   behind the playhead) is local; further back the server restarts at the keyframe before it and
 *   the buffer is cleared. While behind live the rate is left alone.
 * - Qualities: the stream's one video level, and `audio-only`: the server then sends the audio
 *   alone (a new init, so a new MediaSource); `auto` or the video level go back to both. The
 *   server restarts at the latest keyframe; behind live, the engine seeks back to where it was.
 * - Pause: the server is told to `hold` (no media sent while nobody watches); on play it resumes at
 *   the live edge (live) or at the paused position (behind live).
 * - Ends: the server's `end` lets the buffer play out, then `complete`; a socket that drops is
 *   `ended`.
 */
class MseWsEngine extends MediaElementEngine {
  readonly name = 'mse-ws';
  override readonly liveSync = 'engine';
  private socket: WsMediaSocket | undefined;
  private sink: MseSink | undefined;
  private readonly edge = new LiveEdge();
  private readonly target: LatencyTarget;
  private readonly catchUp = new LiveCatchUp();
  private readonly received = new ByteRate();
  private known: KnownTracks = {};
  /** The tracks of the init segment playing. */
  private active: WsMediaTrack[] = [];
  /** The `init` message whose init segment is the next binary message. */
  private announced: { codecs: string; tracks: WsMediaTrack[] } | undefined;
  private selection: WsSelection = 'auto';
  /** The selection before the last `tracks` request, restored if the server refuses it. */
  private previousSelection: WsSelection | undefined;
  private mode: 'live' | 'dvr' = 'live';
  private placement: Placement | undefined = { kind: 'live' };
  private starting: { resolve(): void; reject(error: PlayerError): void } | undefined;
  private held = false;
  /** Set by the server's `end`: the reason, and the socket's close is expected. */
  private endedReason: string | undefined;
  /** The engine changed the playback rate (and restores 1 when it stops steering). */
  private steering = false;
  /** A new MediaSource reset the element: play again once the playhead is placed. */
  private resumeAfterPlacement = false;
  /** The attempt failed (start rejected or `error` emitted): the socket's close says nothing new. */
  private failed = false;

  constructor(context: EngineContext) {
    super(context);
    this.target = new LatencyTarget(context.latency);
  }

  async start(): Promise<void> {
    const video = this.video;
    this.watchElement();
    video.preservesPitch = true;
    this.listen(video, 'waiting', () => this.onWaiting());
    this.listen(video, 'pause', () => this.onPause());
    this.listen(video, 'play', () => this.onPlay());
    const timer = setInterval(() => this.tick(), TICK_MS);
    this.onDispose(() => clearInterval(timer));

    const videoTrack = this.context.info.tracks.find((t) => t.kind === 'video');
    if (videoTrack?.bitrate) this.known.videoBitrate = videoTrack.bitrate;

    const started = new Promise<void>((resolve, reject) => {
      this.starting = { resolve, reject };
      // Disposed before media came: nothing failed, the caller just moved on.
      this.onDispose(() => this.resolveStart());
    });
    let socket: WsMediaSocket;
    try {
      socket = new WsMediaSocket(this.context.source.url);
    } catch (error) {
      // A URL the browser will not open (not ws: or wss:, malformed).
      this.starting = undefined;
      throw PlayerError.from(error, this.name);
    }
    this.socket = socket;
    socket.on('message', (message) => this.onMessage(message));
    socket.on('media', (data) => this.onMedia(data));
    socket.on('close', ({ code, reason }) => this.onClose(code, reason));
    const startTime = this.context.startTime;
    if (startTime !== undefined) {
      this.mode = 'dvr';
      this.placement = { kind: 'time', time: startTime };
      socket.send({ type: 'seek', to: Math.max(0, Math.round(startTime * 1000)) });
    }
    return started;
  }

  override async getTransportStats(): Promise<TransportStats | undefined> {
    const stats = await super.getTransportStats();
    if (!stats) return undefined;
    const video = this.active.find((t) => t.kind === 'video');
    const audio = this.active.find((t) => t.kind === 'audio');
    return {
      ...stats,
      // Everything received (video and audio): the socket carries them muxed.
      bitrate: this.received.bitsPerSecond(performance.now()),
      videoCodec: video && codecName(video),
      audioCodec: audio && codecName(audio),
    };
  }

  override isLive(): boolean {
    return true;
  }

  override getLiveLatency(): number | undefined {
    if (this.placement) return undefined;
    const edge = this.edge.edge(performance.now());
    return edge === undefined ? undefined : Math.max(0, edge - this.video.currentTime);
  }

  override getSeekRange(): TimeRange | undefined {
    return this.edge.window(performance.now());
  }

  override seek(time: number): void {
    const range = this.getSeekRange();
    const sink = this.sink;
    if (!range || !sink || this.endedReason !== undefined) return;
    const t = Math.min(Math.max(time, range.start), range.end);
    if (range.end - t <= this.target.value(performance.now()) + LIVE_SNAP_S) {
      this.goLive();
      return;
    }
    this.mode = 'dvr';
    this.steer(undefined);
    // Only the last range is sure to continue: an earlier one ends in a hole.
    const last = sink.ranges().at(-1);
    if (last && rangeAt([last], t)) {
      this.placement = undefined;
      this.video.currentTime = t;
      return;
    }
    this.restartServer({ type: 'seek', to: Math.round(t * 1000) });
    sink.clear();
    this.placement = { kind: 'time', time: t };
    this.video.currentTime = t;
  }

  override goLive(): void {
    const sink = this.sink;
    if (!sink || this.endedReason !== undefined) return;
    this.mode = 'live';
    this.catchUp.reset();
    const now = performance.now();
    const edge = this.edge.edge(now);
    const last = sink.ranges().at(-1);
    if (edge !== undefined && last && edge - last.end <= LOCAL_LIVE_S) {
      this.placement = undefined;
      this.video.currentTime = this.livePosition(edge, last, now);
      return;
    }
    this.restartServer({ type: 'seek', to: 'live' });
    sink.clear();
    this.placement = { kind: 'live' };
  }

  override getTracks(): EngineTracks {
    return wsTracks(this.known, this.selection, this.active);
  }

  override setQuality(id: string): void {
    const request = tracksFor(id);
    if (!request || !this.socket || id === this.selection) return;
    const current = tracksFor(this.selection);
    this.previousSelection = this.selection;
    this.selection = id as WsSelection;
    if (current?.video !== request.video || current.audio !== request.audio) {
      this.restartServer({ type: 'tracks', ...request });
      // The server restarts at the latest keyframe: behind live, go back to where we were.
      if (this.mode === 'dvr')
        this.restartServer({ type: 'seek', to: Math.round(this.video.currentTime * 1000) });
    }
    this.events.emit('tracks', {});
  }

  protected teardown(): void {
    this.socket?.close();
    this.socket = undefined;
    this.sink?.dispose();
    this.sink = undefined;
    if (this.steering) this.video.playbackRate = 1;
    this.detachElement();
  }

  private onMessage(message: WsMediaServerMessage): void {
    const now = performance.now();
    switch (message.type) {
      case 'init':
        this.announced = { codecs: message.codecs, tracks: message.tracks };
        for (const track of message.tracks) this.known[track.kind] = track;
        break;
      case 'time':
        this.edge.update(message, now);
        break;
      case 'meta':
        // Sent ahead of (or with) the media; the core fires each on its frame and drops repeats.
        this.events.emit('metadata', { events: message.events });
        break;
      case 'end':
        this.endedReason = message.reason;
        this.edge.freeze(now);
        this.steer(undefined);
        if (this.starting || !this.sink) {
          this.abort(new PlayerError('player/stream-not-live', `The stream ended (${message.reason}).`));
          return;
        }
        this.sink.end(() => this.events.emit('ended', { reason: message.reason }));
        break;
      case 'error':
        this.onServerError(message);
        break;
    }
  }

  private onServerError(message: { code: string; message: string }): void {
    // The answer to a message of ours the server could not honour (audio only without audio):
    // the stream plays on as before.
    if (message.code === ErrorCodes.wsBadMessage && !this.starting) {
      console.warn(`Brume mse-ws: the server refused a request: ${message.message}`);
      if (this.previousSelection !== undefined) {
        this.selection = this.previousSelection;
        this.previousSelection = undefined;
        this.events.emit('tracks', {});
      }
      return;
    }
    this.abort(serverError(message));
  }

  private onMedia(data: ArrayBuffer): void {
    const now = performance.now();
    this.received.add(data.byteLength, now);
    const announced = this.announced;
    if (announced) {
      this.announced = undefined;
      this.acceptInit(announced.codecs, announced.tracks, data);
      return;
    }
    const sink = this.sink;
    if (!sink) return;
    this.measureArrival(sink, now);
    sink.append(data);
  }

  /**
   * How far the buffered end had fallen behind the live edge when this fragment came: what the
   * latency must stay above for playback never to run dry. Only at the live cadence, with the
   * previous append done (a queue or a burst would overstate it).
   */
  private measureArrival(sink: MseSink, now: number): void {
    if (this.mode !== 'live' || this.placement || !this.catchUp.isSettled || sink.pending > 0) return;
    const edge = this.edge.edge(now);
    const end = sink.ranges().at(-1)?.end;
    if (edge === undefined || end === undefined) return;
    const gap = edge - end;
    if (gap >= 0 && gap <= MAX_ARRIVAL_GAP_S) this.target.addArrivalGap(gap, now);
  }

  private acceptInit(codecs: string, tracks: WsMediaTrack[], segment: ArrayBuffer): void {
    const kinds = kindsOf(tracks);
    const old = this.sink;
    if (!old || old.kinds !== kinds) {
      // Other tracks: MSE wants a new SourceBuffer, so a new MediaSource (the element resets).
      if (old) {
        this.resumeAfterPlacement ||= !this.video.paused;
        this.placement =
          this.mode === 'live' ? { kind: 'live' } : { kind: 'time', time: this.video.currentTime };
        this.catchUp.reset();
        old.dispose();
      }
      try {
        this.sink = new MseSink(this.video, codecs, kinds, {
          playhead: () => this.video.currentTime,
          onAppended: () => this.onAppended(),
          onError: (message, cause) => this.fail(message, cause),
        });
      } catch (error) {
        this.abort(PlayerError.from(error, this.name));
        return;
      }
    } else if (codecs !== old.type) {
      old.changeType(codecs);
    }
    this.sink?.appendInit(segment);
    this.active = tracks;
    this.previousSelection = undefined;
    this.events.emit('tracks', {});
  }

  private onAppended(): void {
    this.place(performance.now());
  }

  /** Puts the playhead where the pending placement wants it, once media for it is buffered. */
  private place(now: number): void {
    const placement = this.placement;
    const sink = this.sink;
    if (!placement || !sink) return;
    const ranges = sink.ranges();
    const last = ranges.at(-1);
    if (!last) return;
    placement.firstMediaMs ??= now;
    const waited = now - placement.firstMediaMs;
    let position: number | undefined;
    if (placement.kind === 'live') {
      const edge = this.edge.edge(now);
      if (edge !== undefined && edge - last.end <= NEAR_EDGE_S) position = this.livePosition(edge, last, now);
      else if (waited > PLACE_LIVE_FALLBACK_MS) position = last.start;
    } else {
      const t = placement.time;
      if (rangeAt(ranges, t)) position = t;
      else position = gapJump(ranges, t, MAX_GAP_JUMP_S);
      if (position === undefined && waited > PLACE_TIME_FALLBACK_MS) position = nearestStart(ranges, t);
    }
    if (position === undefined) return;
    this.placement = undefined;
    if (placement.kind === 'live') this.catchUp.reset();
    if (Math.abs(this.video.currentTime - position) > 0.001) this.video.currentTime = position;
    if (this.resumeAfterPlacement) {
      this.resumeAfterPlacement = false;
      this.video.play().catch(() => undefined);
    }
    this.resolveStart();
  }

  /** The edge minus the target, inside `range` (a little before its end, so it lands on media). */
  private livePosition(edge: number, range: TimeRange, now: number): number {
    const wanted = edge - this.target.value(now);
    return Math.min(Math.max(wanted, range.start), Math.max(range.start, range.end - PLACE_BEFORE_END_S));
  }

  private tick(): void {
    const sink = this.sink;
    if (this.disposed || !sink) return;
    const now = performance.now();
    this.place(now);
    if (this.placement) return;
    const video = this.video;
    const ranges = sink.ranges();
    const jump = video.seeking ? undefined : gapJump(ranges, video.currentTime, MAX_GAP_JUMP_S);
    if (jump !== undefined) video.currentTime = jump;
    const evictTo = evictionEnd(ranges, video.currentTime, KEEP_BEHIND_S, EVICT_SLACK_S);
    if (evictTo !== undefined && !sink.removing(evictTo)) sink.remove(0, evictTo);
    const window = this.edge.window(now);
    if (window && this.endedReason === undefined) sink.setLiveWindow(window);
    this.catchUpLive(ranges, now);
  }

  private catchUpLive(ranges: readonly TimeRange[], now: number): void {
    const video = this.video;
    const edge = this.edge.edge(now);
    if (
      this.mode !== 'live' ||
      this.endedReason !== undefined ||
      this.held ||
      video.paused ||
      video.seeking ||
      edge === undefined
    ) {
      this.steer(undefined);
      return;
    }
    const decision = this.catchUp.decide({
      latency: edge - video.currentTime,
      bufferAhead: aheadOf(ranges, video.currentTime),
      target: this.target.value(now),
      nowMs: now,
    });
    if (decision.kind === 'jump') video.currentTime += decision.by;
    else this.steer(decision.rate);
  }

  /** Sets the playback rate, or (undefined) gives it back at 1 if the engine had changed it. */
  private steer(rate: number | undefined): void {
    const video = this.video;
    if (rate === undefined) {
      if (this.steering && video.playbackRate !== 1) video.playbackRate = 1;
      this.steering = false;
      return;
    }
    this.steering = true;
    if (Math.abs(video.playbackRate - rate) > 0.001) video.playbackRate = rate;
  }

  /** Playback ran dry while at the target: the target was too tight for this link. */
  private onWaiting(): void {
    if (this.mode !== 'live' || this.placement || this.video.seeking || this.endedReason !== undefined)
      return;
    if (this.catchUp.isSettled) this.target.addStall(performance.now());
  }

  private onPause(): void {
    if (this.starting || this.placement || this.held || this.endedReason !== undefined || this.video.ended)
      return;
    this.held = true;
    this.socket?.send({ type: 'hold' });
  }

  private onPlay(): void {
    if (!this.held) return;
    this.held = false;
    if (this.mode === 'live') {
      // The server resumes at its latest keyframe; the playhead follows once that is buffered.
      this.socket?.send({ type: 'play' });
      this.placement = { kind: 'live' };
    } else {
      this.socket?.send({ type: 'seek', to: Math.round(this.video.currentTime * 1000) });
    }
  }

  /** Sends a message that restarts the server's reader, which also ends a `hold`. */
  private restartServer(message: WsMediaClientMessage): void {
    this.held = false;
    this.socket?.send(message);
  }

  private onClose(code: number, reason: string): void {
    if (this.endedReason !== undefined || this.failed || this.disposed) return;
    const why = `the media socket closed (${code}${reason ? ` ${reason}` : ''})`;
    if (this.starting) {
      this.abort(
        code === 1006
          ? new PlayerError(
              'player/server-unreachable',
              `Could not keep a media socket open to ${this.context.source.url}; retrying.`,
            )
          : PlayerError.connectionLost(why),
      );
      return;
    }
    this.events.emit('ended', { reason: why });
  }

  /** Element failures too must reject a pending `start()`. */
  protected override fail(message: string, cause?: unknown): void {
    this.abort(new PlayerError('player/engine-failed', `The mse-ws engine failed: ${message}.`, { cause }));
  }

  /** A failure: rejects `start()` while it is pending, else an `error` event. */
  private abort(error: PlayerError): void {
    if (this.disposed || this.failed) return;
    this.failed = true;
    const starting = this.starting;
    if (starting) {
      this.starting = undefined;
      starting.reject(error);
    } else {
      this.events.emit('error', { error });
    }
  }

  private resolveStart(): void {
    const starting = this.starting;
    this.starting = undefined;
    starting?.resolve();
  }
}

function nearestStart(ranges: readonly TimeRange[], time: number): number | undefined {
  let best: number | undefined;
  for (const range of ranges) {
    const candidate = Math.min(
      Math.max(time, range.start),
      Math.max(range.start, range.end - PLACE_BEFORE_END_S),
    );
    if (best === undefined || Math.abs(candidate - time) < Math.abs(best - time)) best = candidate;
  }
  return best;
}
