import { WhipError } from './whip-error';
import { parseIceServerLinks } from './link-header';
import { buildSdpFrag, firstMid, parseSdpFrag, readIceCredentials, replaceIceCredentials } from './sdp-frag';

export interface WhipSessionOptions {
  /** The WHIP (`/whip/:name`) or WHEP (`/whep/:name`) endpoint URL. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <token>` on every request, never when absent or empty. */
  token?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Candidates found within this window go out in one PATCH (RFC 9725 §4.3 asks to aggregate). */
const TRICKLE_BATCH_MS = 30;
/** Answers meaning "this server does not do trickle / ICE restart" (RFC 9725 §4.3). */
const UNSUPPORTED_PATCH = new Set([405, 422, 501]);

/**
 * One WHIP or WHEP session (RFC 9725 / WHEP) on a caller-prepared peer connection (its transceivers
 * say whether it publishes or plays). The same code serves the studio (WHIP) and the player (WHEP).
 *
 * The order is the RFC's (§4.6): the offer is POSTed before `setLocalDescription`, so the ICE servers
 * of the answer's `Link` headers are set with `setConfiguration` before gathering starts (no ICE
 * restart needed to use a TURN server the server hands out). Every candidate is therefore gathered
 * after the 201 and trickled in aggregated PATCHes (`If-Match` = the session ETag). ICE restarts
 * follow the same order: PATCH with `If-Match: "*"` and the new credentials, then apply.
 */
export class WhipSession {
  /** Absolute URL of the session resource (from `Location`). */
  readonly resourceUrl: string;
  /** ICE servers the server advertised with `Link` headers (already applied to the connection). */
  readonly iceServers: RTCIceServer[];
  private etag: string | undefined;
  private closed = false;
  private trickleSupported = true;
  private restartSupported = true;
  /** Bumped by each restartIce(): a reply to an older restart is not applied. */
  private restartGeneration = 0;
  /** While an ICE restart PATCH is out, the old generation's candidates are dropped, not trickled. */
  private restarting = false;
  private pending: string[] = [];
  private pendingEnd = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** PATCHes go out one at a time and in order, so the server sees restarts and trickles in sequence. */
  private patchChain: Promise<unknown> = Promise.resolve();
  private readonly fetchFn: typeof fetch;
  private readonly onCandidate = (event: RTCPeerConnectionIceEvent): void => {
    if (event.candidate?.candidate) this.queueCandidate(event.candidate.candidate);
    else if (!event.candidate) this.queueEndOfCandidates();
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
    pc.addEventListener('icecandidate', this.onCandidate);
  }

  /**
   * Negotiates `pc` with the endpoint. Throws a `WhipError` when the server refuses or is unreachable;
   * if the browser then rejects the answer, the resource is DELETEd before the error is thrown.
   */
  static async start(pc: RTCPeerConnection, options: WhipSessionOptions): Promise<WhipSession> {
    const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    const offer = await pc.createOffer();
    const response = await request(fetchFn, options.endpoint, {
      method: 'POST',
      headers: headers(options.token, { 'Content-Type': 'application/sdp' }),
      body: offer.sdp ?? '',
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
    // Before setLocalDescription: gathering then uses these servers from the start (RFC 9725 §4.6).
    if (iceServers.length) pc.setConfiguration({ ...pc.getConfiguration(), iceServers });

    const session = new WhipSession(pc, options, {
      resourceUrl,
      etag: response.headers.get('ETag') ?? undefined,
      iceServers,
    });
    try {
      await pc.setLocalDescription(offer);
      await pc.setRemoteDescription({ type: 'answer', sdp: body });
    } catch (error) {
      await session.close();
      throw WhipError.badResponse(
        `The browser rejected the server's answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return session;
  }

  /**
   * DELETEs a session resource this page no longer holds (one left behind by a reload). Never throws:
   * a resource that is already gone (404) or a server that is unreachable leave nothing to clean up.
   */
  static async deleteResource(
    resourceUrl: string,
    options: Pick<WhipSessionOptions, 'token' | 'fetch' | 'signal'> = {},
  ): Promise<number | undefined> {
    const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    try {
      const response = await request(fetchFn, resourceUrl, {
        method: 'DELETE',
        headers: headers(options.token, {}),
        signal: options.signal,
      });
      return response.status;
    } catch {
      return undefined;
    }
  }

  /** Current entity tag of the session (changes on ICE restart). */
  get currentEtag(): string | undefined {
    return this.etag;
  }

  /** False once the server answered an ICE restart with 405/422/501: re-POST instead. */
  get canRestartIce(): boolean {
    return this.restartSupported;
  }

  /** False once the server answered a trickle PATCH with 405/422/501 (candidates are no longer sent). */
  get canTrickle(): boolean {
    return this.trickleSupported;
  }

  /**
   * Restarts ICE in place with a PATCH (RFC 9725 §4.4), keeping the session and its media: the new
   * ufrag/pwd go out with `If-Match: "*"`, the 200 brings the server's credentials, candidates and a
   * new ETag, and only then is the restart applied locally (a failed PATCH leaves the old ICE
   * running). When several restarts overlap, only the reply to the last one is applied. Throws a
   * `WhipError` (`whip/unsupported` for 405/422/501): the caller should then re-POST.
   */
  async restartIce(): Promise<void> {
    if (this.closed) throw WhipError.badResponse('The session is closed.');
    if (!this.restartSupported) throw WhipError.unsupported('ICE restarts', 405);
    const generation = ++this.restartGeneration;
    const run = this.patchChain.then(() => this.runRestart(generation));
    this.patchChain = run.catch(() => undefined);
    return run;
  }

  /** Ends the session on the server (DELETE) and stops trickling. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.dispose();
    // keepalive lets the DELETE leave even while the page unloads.
    await request(this.fetchFn, this.resourceUrl, {
      method: 'DELETE',
      headers: headers(this.options.token, {}),
      keepalive: true,
    }).catch(() => undefined); // The server may already be gone; the session is over either way.
  }

  /** Stops trickling without telling the server (for when the server already ended the session). */
  dispose(): void {
    this.closed = true;
    this.pc.removeEventListener('icecandidate', this.onCandidate);
    this.clearPending();
  }

  private async runRestart(generation: number): Promise<void> {
    // A newer restart is queued behind this one: it alone is sent and applied.
    if (this.closed || generation !== this.restartGeneration) return;
    this.restarting = true;
    this.clearPending();
    try {
      const offer = await this.pc.createOffer({ iceRestart: true });
      const credentials = readIceCredentials(offer.sdp ?? '');
      if (!credentials) throw WhipError.badResponse('The browser produced an offer without ICE credentials.');
      const frag = buildSdpFrag({ credentials, mid: firstMid(offer.sdp ?? '') ?? '0', candidates: [] });
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
      if (UNSUPPORTED_PATCH.has(response.status)) {
        this.restartSupported = false;
        throw WhipError.unsupported('ICE restarts', response.status);
      }
      if (response.status !== 200) throw WhipError.fromResponse(response.status, body, 'ICE restart');
      // The server restarted with these credentials whatever happens next: its ETag is the current one.
      this.etag = response.headers.get('ETag') ?? this.etag;
      if (this.closed || generation !== this.restartGeneration) return;
      const answer = parseSdpFrag(body);
      const remote = this.pc.remoteDescription?.sdp;
      if (!answer.credentials || !remote)
        throw WhipError.badResponse('The ICE restart answer has no ICE credentials.');
      this.restarting = false;
      await this.pc.setLocalDescription(offer);
      await this.pc.setRemoteDescription({
        type: 'answer',
        sdp: replaceIceCredentials(remote, answer.credentials),
      });
      for (const c of answer.candidates)
        await this.pc.addIceCandidate({ candidate: c.candidate, sdpMid: c.mid });
    } finally {
      this.restarting = false;
    }
  }

  private queueCandidate(candidate: string): void {
    if (this.closed || !this.trickleSupported || this.restarting) return;
    this.pending.push(candidate);
    this.scheduleFlush();
  }

  private queueEndOfCandidates(): void {
    if (this.closed || !this.trickleSupported || this.restarting) return;
    this.pendingEnd = true;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const batch = { candidates: this.pending, end: this.pendingEnd };
      this.pending = [];
      this.pendingEnd = false;
      this.patchChain = this.patchChain.then(() => this.sendCandidates(batch.candidates, batch.end));
    }, TRICKLE_BATCH_MS);
  }

  private clearPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
    this.pendingEnd = false;
  }

  private async sendCandidates(candidates: string[], endOfCandidates: boolean): Promise<void> {
    if (this.closed || !this.trickleSupported || (!candidates.length && !endOfCandidates)) return;
    const local = this.pc.localDescription?.sdp ?? '';
    const frag = buildSdpFrag({
      credentials: readIceCredentials(local),
      mid: firstMid(local) ?? '0',
      candidates,
      endOfCandidates,
    });
    const extra: Record<string, string> = { 'Content-Type': 'application/trickle-ice-sdpfrag' };
    if (this.etag) extra['If-Match'] = this.etag;
    try {
      const response = await request(this.fetchFn, this.resourceUrl, {
        method: 'PATCH',
        headers: headers(this.options.token, extra),
        body: frag,
      });
      // Servers without trickle answer 405/501 (or 422 when they only do restarts): stop trying.
      if (UNSUPPORTED_PATCH.has(response.status)) this.trickleSupported = false;
    } catch {
      // A lost trickle is not fatal: the server learns the address from the browser's checks.
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
