import { WhipError } from './whip-error';
import { parseIceServerLinks } from './link-header';
import { buildSdpFrag, firstMid, parseSdpFrag, readIceCredentials, replaceIceCredentials } from './sdp-frag';

export interface WhipSessionOptions {
  /** The WHIP (`/whip/:name`) or WHEP (`/whep/:name`) endpoint URL. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <token>` on every request, never when absent. */
  token?: string;
  /** How long to let the browser gather candidates before sending the offer; the rest trickle. */
  gatherTimeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** How long Chromium needs for host candidates on a normal machine; later ones are trickled. */
const DEFAULT_GATHER_MS = 150;
/** Candidates found within this window go out in one PATCH (RFC 9725 asks to aggregate). */
const TRICKLE_BATCH_MS = 30;

/**
 * One WHIP or WHEP session (RFC 9725 / WHEP): offers on a caller-prepared peer connection (its
 * transceivers say whether it publishes or plays), POSTs the offer, follows redirects, applies the
 * answer, trickles candidates with PATCH, restarts ICE with PATCH, and DELETEs the resource on close.
 * The same code serves the studio (WHIP) and the player (WHEP).
 */
export class WhipSession {
  /** Absolute URL of the session resource (from `Location`). */
  readonly resourceUrl: string;
  /** ICE servers the server advertised with `Link` headers (already applied to the connection). */
  readonly iceServers: RTCIceServer[];
  private etag: string | undefined;
  private closed = false;
  private trickleSupported = true;
  private pending: string[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private patchChain: Promise<void> = Promise.resolve();
  private readonly fetchFn: typeof fetch;
  private readonly onCandidate = (event: RTCPeerConnectionIceEvent): void => {
    if (event.candidate?.candidate) this.queueCandidate(event.candidate.candidate);
  };

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly options: WhipSessionOptions,
    init: { resourceUrl: string; etag?: string; iceServers: RTCIceServer[] },
  ) {
    this.resourceUrl = init.resourceUrl;
    this.etag = init.etag;
    this.iceServers = init.iceServers;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Negotiates `pc` with the endpoint. Throws a `WhipError` when the server refuses or is unreachable. */
  static async start(pc: RTCPeerConnection, options: WhipSessionOptions): Promise<WhipSession> {
    const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    const early: string[] = [];
    const collect = (event: RTCPeerConnectionIceEvent): void => {
      if (event.candidate?.candidate) early.push(event.candidate.candidate);
    };
    pc.addEventListener('icecandidate', collect);
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await waitForGathering(pc, options.gatherTimeoutMs ?? DEFAULT_GATHER_MS, options.signal);
      // The offer now carries the candidates gathered so far; only later ones need trickling.
      const offer = pc.localDescription?.sdp ?? '';
      const sentInOffer = new Set(
        offer
          .split(/\r?\n/)
          .filter((l) => l.startsWith('a=candidate:'))
          .map((l) => l.slice(2)),
      );

      const response = await request(fetchFn, options.endpoint, {
        method: 'POST',
        headers: headers(options.token, { 'Content-Type': 'application/sdp' }),
        body: offer,
        signal: options.signal,
      });
      const body = await response.text();
      if (response.status !== 201 && response.status !== 200) {
        throw WhipError.fromResponse(response.status, body, `POST ${options.endpoint}`);
      }
      const location = response.headers.get('Location');
      if (!location)
        throw WhipError.badResponse('The server answered without a Location header.', response.status);
      if (!body.includes('v=0')) throw WhipError.badResponse('The server answered without an SDP answer.');
      // Relative Locations resolve against the URL that answered (after any 307), not the endpoint.
      const resourceUrl = new URL(location, response.url || options.endpoint).toString();
      const iceServers = parseIceServerLinks(linkHeaders(response.headers));
      if (iceServers.length) pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
      await pc.setRemoteDescription({ type: 'answer', sdp: body });

      const session = new WhipSession(pc, options, {
        resourceUrl,
        etag: response.headers.get('ETag') ?? undefined,
        iceServers,
      });
      pc.removeEventListener('icecandidate', collect);
      pc.addEventListener('icecandidate', session.onCandidate);
      for (const c of early) if (!sentInOffer.has(c)) session.queueCandidate(c);
      return session;
    } catch (error) {
      pc.removeEventListener('icecandidate', collect);
      throw error;
    }
  }

  /** Current entity tag of the session (changes on ICE restart). */
  get currentEtag(): string | undefined {
    return this.etag;
  }

  /**
   * Restarts ICE in place with a PATCH (RFC 9725 §4.4), keeping the session and its media. Use it when
   * the connection fails; re-POST only if this throws.
   */
  async restartIce(): Promise<void> {
    if (this.closed) throw WhipError.badResponse('The session is closed.');
    this.pending = [];
    this.pc.restartIce();
    await this.pc.setLocalDescription(await this.pc.createOffer({ iceRestart: true }));
    await waitForGathering(this.pc, this.options.gatherTimeoutMs ?? DEFAULT_GATHER_MS, this.options.signal);
    const local = this.pc.localDescription?.sdp ?? '';
    const credentials = readIceCredentials(local);
    if (!credentials) throw WhipError.badResponse('The browser produced an offer without ICE credentials.');
    const candidates = local
      .split(/\r?\n/)
      .filter((l) => l.startsWith('a=candidate:'))
      .map((l) => l.slice(2));
    const frag = buildSdpFrag({ credentials, mid: firstMid(local) ?? '0', candidates });
    const response = await request(this.fetchFn, this.resourceUrl, {
      method: 'PATCH',
      headers: headers(this.options.token, {
        'Content-Type': 'application/trickle-ice-sdpfrag',
        'If-Match': '*',
      }),
      body: frag,
      signal: this.options.signal,
    });
    const body = await response.text();
    if (response.status !== 200) throw WhipError.fromResponse(response.status, body, 'ICE restart');
    this.etag = response.headers.get('ETag') ?? this.etag;
    const answer = parseSdpFrag(body);
    const remote = this.pc.remoteDescription?.sdp;
    if (!answer.credentials || !remote)
      throw WhipError.badResponse('The ICE restart answer has no credentials.');
    await this.pc.setRemoteDescription({
      type: 'answer',
      sdp: replaceIceCredentials(remote, answer.credentials),
    });
    for (const c of answer.candidates)
      await this.pc.addIceCandidate({ candidate: c.candidate, sdpMid: c.mid });
  }

  /** Ends the session on the server (DELETE) and stops trickling. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.dispose();
    try {
      // keepalive lets the DELETE leave even while the page unloads.
      await request(this.fetchFn, this.resourceUrl, {
        method: 'DELETE',
        headers: headers(this.options.token, {}),
        keepalive: true,
      });
    } catch {
      // The server may already be gone; the session is over either way.
    }
  }

  /** Stops trickling without telling the server (for when the server already ended the session). */
  dispose(): void {
    this.closed = true;
    this.pc.removeEventListener('icecandidate', this.onCandidate);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
  }

  private queueCandidate(candidate: string): void {
    if (this.closed || !this.trickleSupported) return;
    this.pending.push(candidate);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const batch = this.pending;
      this.pending = [];
      this.patchChain = this.patchChain.then(() => this.sendCandidates(batch));
    }, TRICKLE_BATCH_MS);
  }

  private async sendCandidates(candidates: string[]): Promise<void> {
    if (this.closed || !candidates.length) return;
    const local = this.pc.localDescription?.sdp ?? '';
    const credentials = readIceCredentials(local);
    const frag = buildSdpFrag({ credentials, mid: firstMid(local) ?? '0', candidates });
    const extra: Record<string, string> = { 'Content-Type': 'application/trickle-ice-sdpfrag' };
    if (this.etag) extra['If-Match'] = this.etag;
    try {
      const response = await request(this.fetchFn, this.resourceUrl, {
        method: 'PATCH',
        headers: headers(this.options.token, extra),
        body: frag,
      });
      // Servers without trickle answer 405/501 (or 422 when they only do restarts): stop trying.
      if ([405, 422, 501].includes(response.status)) this.trickleSupported = false;
    } catch {
      // A lost trickle is not fatal: the offer carried the host candidates.
    }
  }
}

function headers(token: string | undefined, extra: Record<string, string>): Record<string, string> {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

function linkHeaders(h: Headers): string[] {
  const value = h.get('Link');
  return value ? [value] : [];
}

async function request(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    // fetch follows 307/308 and repeats the POST with its body there, once (no double POST).
    return await fetchFn(url, { ...init, redirect: 'follow' });
  } catch (error) {
    if (init.signal?.aborted) throw WhipError.aborted();
    throw WhipError.network(url, error);
  }
}

function waitForGathering(pc: RTCPeerConnection, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      signal?.removeEventListener('abort', onAbort);
    };
    const onChange = (): void => {
      if (pc.iceGatheringState === 'complete') {
        done();
        resolve();
      }
    };
    const onAbort = (): void => {
      done();
      reject(WhipError.aborted());
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
    signal?.addEventListener('abort', onAbort);
  });
}
