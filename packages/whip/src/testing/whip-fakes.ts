/** Test doubles for WhipSession: a fake peer connection and a scripted WHIP server. */
/**
 * A stand-in for the browser's RTCPeerConnection with just the surface WhipSession uses. It logs
 * the calls in order (so the tests can check what happens before setLocalDescription) and the
 * tests emit candidates by hand. The real one is exercised end to end in e2e/.
 */
export class FakePeerConnection extends EventTarget {
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  configuration: RTCConfiguration = {};
  added: RTCIceCandidateInit[] = [];
  log: string[] = [];
  private offers = 0;
  rejectAnswer = false;

  async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    this.offers++;
    this.log.push(options?.iceRestart ? 'createOffer(restart)' : 'createOffer');
    return {
      type: 'offer',
      sdp: `v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=ice-ufrag:local${this.offers}\r\na=ice-pwd:localpassword${this.offers}\r\n`,
    };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.log.push('setLocalDescription');
    this.localDescription = { type: d.type ?? 'offer', sdp: d.sdp ?? '' };
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.log.push('setRemoteDescription');
    if (this.rejectAnswer) throw new DOMException('bad answer', 'InvalidAccessError');
    this.remoteDescription = { type: d.type ?? 'answer', sdp: d.sdp ?? '' };
  }
  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(c: RTCConfiguration): void {
    this.log.push('setConfiguration');
    this.configuration = c;
  }
  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    this.added.push(c);
  }
  /** A gathered candidate, or the end of gathering with `null`. */
  emitCandidate(candidate: string | null): void {
    const event = new Event('icecandidate') as Event & { candidate: { candidate: string } | null };
    event.candidate = candidate === null ? null : { candidate };
    this.dispatchEvent(event);
  }
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  keepalive?: boolean;
}

export type Handler = (call: Call) => Response | Promise<Response>;

export function fakeServer(handler: Handler): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers: { ...((init?.headers as Record<string, string>) ?? {}) },
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      ...(init?.keepalive ? { keepalive: true } : {}),
    };
    calls.push(call);
    return handler(call);
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

export const ANSWER =
  'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=ice-ufrag:srv1\r\na=ice-pwd:serverpassword\r\na=candidate:8 1 udp 1 127.0.0.1 7000 typ host\r\n';

export function created(extra: Record<string, string> = {}): Response {
  return new Response(ANSWER, {
    status: 201,
    headers: { 'Content-Type': 'application/sdp', Location: 'session1', ETag: '"e1"', ...extra },
  });
}

export function restartReply(ufrag: string, etag: string): Response {
  return new Response(
    `a=ice-ufrag:${ufrag}\r\na=ice-pwd:serverpassword2\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:9 1 udp 1 127.0.0.1 7001 typ host\r\na=end-of-candidates\r\n`,
    { status: 200, headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', ETag: etag } },
  );
}

export const asPc = (pc: FakePeerConnection): RTCPeerConnection => pc as unknown as RTCPeerConnection;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const CANDIDATE = (n: number) => `candidate:${n} 1 udp 2130706431 127.0.0.1 ${5000 + n} typ host`;
