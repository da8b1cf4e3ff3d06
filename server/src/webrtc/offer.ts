import type { IceConfig } from '../config';
import { chooseViewerCodec, choosePublisherCodec, payloadTypesOf, type CodecChoice } from './codec-selection';
import { remoteAddressFilter } from './peer-config';
import {
  attribute,
  filterCandidates,
  isActive,
  keepPayloadTypes,
  parseSdp,
  serializeSdp,
  validateOffer,
  type SdpMediaSection,
  type SessionDescriptionModel,
} from './sdp';

/** Codecs chosen per media kind. */
export interface MediaCodecs {
  video?: CodecChoice;
  audio?: CodecChoice;
}

/** A client's offer, validated and reduced to what werift should negotiate. */
export interface PreparedOffer {
  /** The offer to hand to werift: chosen payload types only, usable candidates only. */
  sdp: string;
  codecs: MediaCodecs;
  /** Media kinds in m= line order (a viewer's transceivers are created in this order). */
  kinds: ('audio' | 'video')[];
  ufrag: string;
  pwd: string;
  /** The rids of a publisher's simulcast offer, which the answer declines (see `declineSimulcast`). */
  declinedSimulcast?: string[];
}

/**
 * Validates an offer and picks the codecs: for a publisher the best it offers, for a viewer the
 * payload types carrying the publisher's codecs (`source`). Throws `SdpError`.
 */
export function prepareOffer(text: string, ice: IceConfig, source?: MediaCodecs): PreparedOffer {
  const model = parseSdp(text);
  validateOffer(model);
  const codecs: MediaCodecs = {};
  let declinedSimulcast: string[] | undefined;
  const kinds: ('audio' | 'video')[] = [];
  const allowCandidate = candidateFilter(ice);
  model.media = model.media.map((section) => {
    if (!isActive(section) || (section.kind !== 'audio' && section.kind !== 'video')) return section;
    const kind = section.kind;
    const sourceCodec = source?.[kind];
    // A viewer section for a kind the stream lacks keeps Opus/H.264 choices of its own: werift
    // needs one codec per section, and nothing will be sent on it.
    const choice = sourceCodec ? chooseViewerCodec(section, sourceCodec) : choosePublisherCodec(section);
    codecs[kind] = choice;
    kinds.push(kind);
    const kept = filterCandidates(keepPayloadTypes(section, payloadTypesOf(choice)), allowCandidate);
    if (sourceCodec) return kept;
    const rids = simulcastRids(kept);
    if (rids) declinedSimulcast = rids;
    return rids ? declineSimulcast(kept) : kept;
  });
  const first = model.media.find(isActive);
  const ufrag = first ? attribute(model, first, 'ice-ufrag') : undefined;
  const pwd = first ? attribute(model, first, 'ice-pwd') : undefined;
  return {
    sdp: serializeSdp(model),
    codecs,
    kinds,
    ufrag: ufrag ?? '',
    pwd: pwd ?? '',
    ...(declinedSimulcast ? { declinedSimulcast } : {}),
  };
}

/**
 * Remote candidates the relay will try. `.local` (mDNS) names are dropped in loopback mode so no
 * multicast query leaves the machine; otherwise werift resolves them and ignores failures.
 */
export function candidateFilter(ice: IceConfig): (address: string) => boolean {
  const allow = remoteAddressFilter(ice);
  const loopbackOnly = Boolean(ice.hostAddresses?.length);
  return (address) => (loopbackOnly && address.endsWith('.local') ? false : allow(address));
}

/** Replaces the ICE credentials and candidates of a remote offer (for an ICE restart). */
export function withNewIceCredentials(
  model: SessionDescriptionModel,
  ufrag: string,
  pwd: string,
  candidates: string[],
): SessionDescriptionModel {
  const replace = (lines: string[]) =>
    lines
      .filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates')
      .map((line) =>
        line.startsWith('a=ice-ufrag:')
          ? `a=ice-ufrag:${ufrag}`
          : line.startsWith('a=ice-pwd:')
            ? `a=ice-pwd:${pwd}`
            : line,
      );
  return {
    session: replace(model.session),
    media: model.media.map((section, index) => {
      const lines = replace(section.lines);
      // Bundled: all candidates belong to the first m= line.
      if (index === 0) lines.push(...candidates.map((c) => `a=${c.replace(/^a=/, '')}`));
      return { ...section, lines };
    }),
  };
}

/** The rids a section offers to send as simulcast (RFC 8853), or undefined without `a=simulcast`. */
export function simulcastRids(section: SdpMediaSection): string[] | undefined {
  if (!section.lines.some((line) => line.startsWith('a=simulcast:'))) return undefined;
  return section.lines.flatMap((line) => /^a=rid:(\S+) send\b/.exec(line)?.[1] ?? []);
}

/**
 * Removes simulcast from a publisher's offer, so the answer declines it (RFC 8853 §5.3: an answerer
 * without simulcast support leaves the attributes out) and the browser sends its first encoding
 * alone, announced by SSRC as without simulcast.
 *
 * Why: with werift 0.24 as the answerer of a Chromium 156 simulcast offer (rid f/h/q, rid header
 * extensions negotiated), Chromium encoded none of the layers (outbound-rtp without frameWidth, the
 * relay got no media and timed the publisher out); declined, the first encoding flows at full size.
 */
export function declineSimulcast(section: SdpMediaSection): SdpMediaSection {
  return {
    ...section,
    lines: section.lines.filter((line) => !line.startsWith('a=rid:') && !line.startsWith('a=simulcast:')),
  };
}
