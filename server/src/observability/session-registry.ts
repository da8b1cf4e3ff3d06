import type { ViewerProtocol } from '@brume/protocol';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';

export type { ViewerProtocol };
/** Every protocol a viewer may use (the wire type `ViewerProtocol` lists the same). */
export const VIEWER_PROTOCOLS: readonly ViewerProtocol[] = [
  'whep',
  'ws-mp4',
  'mp4',
  'ts',
  'll-hls',
  'll-dash',
];
/** How a client reaches the relay: WHIP publishes, every other protocol views. */
export type SessionProtocol = 'whip' | ViewerProtocol;
export const SESSION_PROTOCOLS: readonly SessionProtocol[] = ['whip', ...VIEWER_PROTOCOLS];

/** Why a session ended, as logged and as metrics see it. */
export type SessionEndReason = 'client-closed' | 'stream-ended' | 'error' | 'kicked' | 'timeout' | 'shutdown';

/** Running totals a session reports; pulled when the registry is read, never pushed per packet. */
export interface SessionCounters {
  /** Bytes sent to a viewer, or received from a publisher. */
  bytes: number;
  /** RTCP generic NACKs the relay sent to a publisher / received from a viewer. */
  nacksSent: number;
  nacksReceived: number;
  /** Keyframe requests (PLI) the relay sent to a publisher / received from a viewer. */
  plisSent: number;
  plisReceived: number;
  /** Packets a publisher sent twice (a NACK answered for a packet that was only late), dropped. */
  repeatsDropped: number;
}
export type CounterName = keyof SessionCounters;
const COUNTER_NAMES: readonly CounterName[] = [
  'bytes',
  'nacksSent',
  'nacksReceived',
  'plisSent',
  'plisReceived',
  'repeatsDropped',
];

export interface SessionStart {
  stream: string;
  protocol: SessionProtocol;
  ip: string;
  userAgent: string;
  /** A WHIP/WHEP resource id; otherwise one is made up. */
  id?: string;
  /** Where counters come from for sessions that keep their own (WebRTC); others call `addBytes`. */
  counters?: () => Partial<SessionCounters>;
  /**
   * How the server ends this session itself (closes the peer, the socket, the response), for `kick`.
   * Request-based sessions (LL-HLS/LL-DASH) have none: there is nothing open to close.
   */
  end?: () => void;
  /**
   * A cluster worker pulling the stream from its sibling to serve viewers of its own
   * (`cluster/sibling-origins.ts`): listed, but not a viewer — they are counted where they watch.
   */
  internal?: boolean;
}

/** What `kick` did. */
export type KickResult = 'kicked' | 'not-found' | 'not-kickable';

/** One session as `GET /api/sessions` lists it. */
export interface SessionInfo {
  id: string;
  stream: string;
  protocol: SessionProtocol;
  role: 'publisher' | 'viewer';
  ip: string;
  userAgent: string;
  /** Unix ms. */
  startedAt: number;
  bytes: number;
  /** Whether `kick` can end it (it has an `end`). */
  kickable: boolean;
  /** Present (true) for a sibling worker's pull: not counted among the viewers. */
  internal?: true;
}

export interface EndedSession extends SessionInfo {
  reason: SessionEndReason;
  durationMs: number;
}

export interface SessionRegistryEvents {
  [event: string]: unknown[];
  opened: [session: SessionInfo];
  ended: [session: EndedSession];
}

export interface SessionHandle {
  readonly id: string;
  readonly closed: boolean;
  /** Bytes sent (or received) since the last call. */
  addBytes(bytes: number): void;
  /** Ends the session once; later calls do nothing. */
  close(reason: SessionEndReason): void;
}

interface Entry {
  info: SessionInfo;
  pull: (() => Partial<SessionCounters>) | undefined;
  /** What has been added to the totals so far. */
  counted: SessionCounters;
  end: (() => void) | undefined;
  /** The handle's close: ends the entry once. */
  close: (reason: SessionEndReason) => void;
}

const zeroCounters = (): SessionCounters => ({
  bytes: 0,
  nacksSent: 0,
  nacksReceived: 0,
  plisSent: 0,
  plisReceived: 0,
  repeatsDropped: 0,
});

/**
 * Every client session of every output, registered by the output (or the layer that watches it):
 * the list behind `GET /api/sessions`, the live viewer counts and the byte/RTCP totals behind
 * `/metrics`, and the one log line each session ends with.
 */
export class SessionRegistry {
  readonly events: Emitter<SessionRegistryEvents>;
  private readonly sessions = new Map<string, Entry>();
  /** Totals per protocol, ended sessions included (counters only grow). */
  private readonly totals = new Map<SessionProtocol, SessionCounters>(
    SESSION_PROTOCOLS.map((protocol) => [protocol, zeroCounters()]),
  );
  private nextId = 1;

  /**
   * @param idPrefix before the ids the registry makes up (`ws-mp4-3`): a cluster worker's `w1-`,
   *   so ids stay unique across workers in the merged lists and an admin kick ends one session.
   */
  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly idPrefix = '',
  ) {
    this.events = new Emitter((error) => this.log.error({ err: error }, 'session listener failed'));
  }

  get size(): number {
    return this.sessions.size;
  }

  open(start: SessionStart): SessionHandle {
    const id = start.id ?? `${this.idPrefix}${start.protocol}-${this.nextId++}`;
    const info: SessionInfo = {
      id,
      stream: start.stream,
      protocol: start.protocol,
      role: start.protocol === 'whip' ? 'publisher' : 'viewer',
      ip: start.ip,
      userAgent: start.userAgent,
      startedAt: this.now(),
      bytes: 0,
      kickable: start.end !== undefined,
      ...(start.internal ? { internal: true as const } : {}),
    };
    let closed = false;
    const entry: Entry = {
      info,
      pull: start.counters,
      counted: zeroCounters(),
      end: start.end,
      close: (reason) => {
        if (closed) return;
        closed = true;
        this.end(entry, reason);
      },
    };
    this.sessions.set(id, entry);
    this.log.debug(
      { stream: info.stream, session: id, protocol: info.protocol, ip: info.ip },
      `${info.role} ${info.protocol} of ${info.stream} started`,
    );
    this.events.emit('opened', { ...info });
    return {
      id,
      get closed() {
        return closed;
      },
      addBytes: (bytes) => {
        if (closed || bytes <= 0) return;
        this.add(entry, 'bytes', bytes);
      },
      close: entry.close,
    };
  }

  /** One open session, counters brought up to date. */
  get(id: string): SessionInfo | undefined {
    const entry = this.sessions.get(id);
    if (!entry) return undefined;
    this.refresh(entry);
    return { ...entry.info };
  }

  /**
   * Ends session `id` from the server side (an administrator's kick): logged and reported with reason
   * `kicked`, then its `end` closes what it holds. Whatever the output reports as that closes (a
   * peer's `closed`, a socket's `close`) comes after the session ended and changes nothing.
   */
  kick(id: string): KickResult {
    const entry = this.sessions.get(id);
    if (!entry) return 'not-found';
    const end = entry.end;
    if (!end) return 'not-kickable';
    entry.close('kicked');
    try {
      end();
    } catch (error) {
      this.log.warn({ err: error, session: id }, `ending kicked session ${id} failed`);
    }
    return 'kicked';
  }

  /** The open sessions, counters brought up to date. */
  list(): SessionInfo[] {
    return [...this.sessions.values()].map((entry) => {
      this.refresh(entry);
      return { ...entry.info };
    });
  }

  /** Open viewer sessions per stream and protocol. */
  viewerCounts(): Map<string, Record<ViewerProtocol, number>> {
    const counts = new Map<string, Record<ViewerProtocol, number>>();
    for (const { info } of this.sessions.values()) {
      if (info.protocol === 'whip' || info.internal) continue;
      let perProtocol = counts.get(info.stream);
      if (!perProtocol) {
        perProtocol = Object.fromEntries(VIEWER_PROTOCOLS.map((p) => [p, 0])) as Record<
          ViewerProtocol,
          number
        >;
        counts.set(info.stream, perProtocol);
      }
      perProtocol[info.protocol]++;
    }
    return counts;
  }

  /** Counter totals per protocol since the registry started, open sessions brought up to date. */
  counterTotals(): Map<SessionProtocol, SessionCounters> {
    for (const entry of this.sessions.values()) this.refresh(entry);
    return new Map([...this.totals].map(([protocol, counters]) => [protocol, { ...counters }]));
  }

  /** Forgets every session without logging each (the server is going away). */
  dispose(): void {
    this.sessions.clear();
    this.events.removeAll();
  }

  private end(entry: Entry, reason: SessionEndReason): void {
    if (this.sessions.get(entry.info.id) !== entry) return;
    this.refresh(entry);
    this.sessions.delete(entry.info.id);
    const { info } = entry;
    const durationMs = Math.max(0, this.now() - info.startedAt);
    const ended: EndedSession = { ...info, reason, durationMs };
    const line = {
      stream: info.stream,
      session: info.id,
      protocol: info.protocol,
      role: info.role,
      ip: info.ip,
      reason,
      durationMs,
      bytes: info.bytes,
    };
    const message = `${info.role} ${info.protocol} of ${info.stream} ended (${reason}) after ${formatDuration(durationMs)}, ${formatBytes(info.bytes)}`;
    // An error is worth a warning; everything else is the ordinary life of a session.
    if (reason === 'error') this.log.warn(line, message);
    else this.log.info(line, message);
    this.events.emit('ended', ended);
  }

  private refresh(entry: Entry): void {
    if (!entry.pull) return;
    const now = entry.pull();
    for (const name of COUNTER_NAMES) {
      const value = now[name];
      if (value !== undefined && value > entry.counted[name])
        this.add(entry, name, value - entry.counted[name]);
    }
  }

  private add(entry: Entry, name: CounterName, delta: number): void {
    entry.counted[name] += delta;
    if (name === 'bytes') entry.info.bytes += delta;
    const totals = this.totals.get(entry.info.protocol);
    if (totals) totals[name] += delta;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
