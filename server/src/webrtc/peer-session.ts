import { randomBytes } from 'node:crypto';
import { RTCPeerConnection } from 'werift';
import type { IceConfig } from '../config';
import type { EndReason } from '../stream/stream';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import { candidateFilter, withNewIceCredentials, type MediaCodecs, type PreparedOffer } from './offer';
import { peerConfig } from './peer-config';
import { attribute, attributes, candidateAddress, parseSdp, serializeSdp } from './sdp';
import { SdpError } from './sdp-error';
import { serializeSdpFrag, type SdpFrag } from './sdp-frag';

export type SessionRole = 'publisher' | 'viewer';

export interface PeerSessionEvents {
  [event: string]: unknown[];
  /** ICE + DTLS are up. */
  connected: [];
  /** The session is over (emitted once). */
  closed: [reason: EndReason];
}

/** The result of a PATCH: 204 for trickle, 200 + sdpfrag for an ICE restart. */
export type PatchResult = { kind: 'trickle' } | { kind: 'restart'; sdpFrag: string; etag: string };

/**
 * werift 0.24 restarts its ICE agent on new remote credentials but then skips connectivity checks
 * because DTLS is still connected (`RTCPeerConnection.connect` returns early), so the session would
 * never recover. Start the checks of every restarted transport explicitly; DTLS and SRTP carry on
 * over the new candidate pair.
 */
export function restartIceChecks(pc: RTCPeerConnection, log: Logger): void {
  for (const transport of pc.iceTransports) {
    if (transport.state !== 'new') continue;
    transport.start().catch((error: unknown) => log.debug({ err: error }, 'ICE checks after restart failed'));
  }
}

/** A WHIP or WHEP resource id: 128 random bits, hex. */
export function newSessionId(): string {
  return randomBytes(16).toString('hex');
}

function newEtag(): string {
  return `"${randomBytes(8).toString('hex')}"`;
}

/**
 * What WHIP and WHEP sessions share: one werift peer answering one client offer, an ETag for the
 * ICE session, trickle and ICE restart through PATCH, and a single close path that says why.
 */
export abstract class PeerSession {
  abstract readonly role: SessionRole;
  readonly id = newSessionId();
  readonly events: Emitter<PeerSessionEvents>;
  readonly createdAt = Date.now();
  protected readonly pc: RTCPeerConnection;
  protected readonly log: Logger;
  private _etag = newEtag();
  private _closed = false;
  private _connected = false;
  private remoteUfrag: string;
  private readonly allowCandidate: (address: string) => boolean;
  private readonly subscriptions: (() => void)[] = [];

  constructor(
    readonly streamName: string,
    protected readonly offer: PreparedOffer,
    readonly remoteAddress: string,
    ice: IceConfig,
    log: Logger,
  ) {
    this.log = log;
    this.events = new Emitter((error) => this.log.error({ err: error }, 'session listener failed'));
    this.pc = new RTCPeerConnection(peerConfig(ice));
    this.remoteUfrag = offer.ufrag;
    this.allowCandidate = candidateFilter(ice);
    this.track(
      this.pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected' && !this._connected) {
          this._connected = true;
          this.events.emit('connected');
        }
      }).unSubscribe,
      this.pc.iceConnectionStateChange.subscribe((state) => {
        if (state === 'failed') this.close('ice-failed');
        else if (state === 'closed') this.close('ice-closed');
      }).unSubscribe,
    );
  }

  get codecs(): MediaCodecs {
    return this.offer.codecs;
  }

  get etag(): string {
    return this._etag;
  }

  get closed(): boolean {
    return this._closed;
  }

  get connected(): boolean {
    return this._connected;
  }

  /** ICE is known to be broken (not just slow to start). */
  get iceBroken(): boolean {
    const state = this.pc.iceConnectionState;
    return state === 'disconnected' || state === 'failed' || state === 'closed';
  }

  /** Applies the offer and returns the answer, with all server candidates (servers never trickle). */
  async answer(): Promise<string> {
    await this.beforeRemoteDescription();
    await this.pc.setRemoteDescription({ type: 'offer', sdp: this.offer.sdp });
    await this.afterRemoteDescription();
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const local = this.pc.localDescription;
    if (!local) throw new Error('werift produced no local description');
    return local.sdp;
  }

  /**
   * Handles a PATCH body. New ICE credentials mean an ICE restart (RFC 9725 §4.4.2); otherwise the
   * candidates are trickled in. `ifMatch` must be absent, `*`, or the current ETag.
   */
  async patch(frag: SdpFrag, ifMatch: string | undefined): Promise<PatchResult> {
    const restart = frag.ufrag !== undefined && frag.ufrag !== this.remoteUfrag;
    if (!restart) {
      await this.trickle(frag);
      return { kind: 'trickle' };
    }
    const sdpFrag = await this.restartIce(frag);
    this._etag = newEtag();
    this.log.info({ session: this.id, ifMatch }, 'ICE restarted');
    return { kind: 'restart', sdpFrag, etag: this._etag };
  }

  /** Ends the session: closes the peer, releases everything, emits `closed` once. */
  close(reason: EndReason): void {
    if (this._closed) return;
    this._closed = true;
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    this.dispose();
    this.pc.close().catch((error: unknown) => this.log.debug({ err: error }, 'peer close failed'));
    this.events.emit('closed', reason);
    this.events.removeAll();
  }

  /** Registers a teardown to run on close. */
  protected track(...unsubscribes: (() => void)[]): void {
    this.subscriptions.push(...unsubscribes);
  }

  protected async beforeRemoteDescription(): Promise<void> {}
  protected async afterRemoteDescription(): Promise<void> {}
  /** Role-specific teardown (timers, senders). */
  protected dispose(): void {}

  private async trickle(frag: SdpFrag): Promise<void> {
    const remote = this.pc.remoteDescription;
    if (!remote) return;
    const firstMid = attributes(parseSdp(remote.sdp).media[0]?.lines ?? [], 'mid')[0] ?? '0';
    for (const media of frag.media) {
      for (const candidate of media.candidates) {
        const address = candidateAddress(candidate);
        if (!address || !this.allowCandidate(address)) continue;
        // Bundled: every candidate goes to the first m= line's transport.
        await this.pc
          .addIceCandidate({ candidate, sdpMid: firstMid, sdpMLineIndex: 0 })
          .catch((error: unknown) => this.log.debug({ err: error, candidate }, 'candidate ignored'));
      }
    }
  }

  /**
   * ICE restart as the answerer: werift restarts its ICE agent when a new remote offer carries new
   * credentials, so the restart is a re-offer of the current remote description with the new
   * ufrag/pwd/candidates, answered like the first one. DTLS and SRTP keys are kept.
   */
  private async restartIce(frag: SdpFrag): Promise<string> {
    const remote = this.pc.remoteDescription;
    if (!remote || !frag.ufrag || !frag.pwd) throw SdpError.malformed('ICE restart before negotiation');
    const candidates = frag.media
      .flatMap((media) => media.candidates)
      .filter((candidate) => {
        const address = candidateAddress(candidate);
        return address !== undefined && this.allowCandidate(address);
      });
    const offer = serializeSdp(withNewIceCredentials(parseSdp(remote.sdp), frag.ufrag, frag.pwd, candidates));
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.remoteUfrag = frag.ufrag;
    restartIceChecks(this.pc, this.log);
    const local = this.pc.localDescription;
    if (!local) throw new Error('werift produced no local description');
    const model = parseSdp(local.sdp);
    const first = model.media[0];
    if (!first) throw new Error('werift answer has no m= line');
    return serializeSdpFrag({
      ufrag: attribute(model, first, 'ice-ufrag') ?? '',
      pwd: attribute(model, first, 'ice-pwd') ?? '',
      mLine: `m=${first.kind} ${first.port} ${first.proto} ${first.formats.join(' ')}`,
      mid: attributes(first.lines, 'mid')[0] ?? '0',
      candidates: attributes(first.lines, 'candidate').map((value) => `candidate:${value}`),
    });
  }
}
