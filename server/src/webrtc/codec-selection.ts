import { codecsOf, type SdpCodec, type SdpMediaSection } from './sdp';
import { SdpError } from './sdp-error';

/**
 * The one codec the relay uses on a media section. werift negotiates by MIME type only and sends
 * with the first negotiated codec, so the relay picks the payload type itself and strips every other
 * one from the offer before werift sees it.
 */
export interface CodecChoice {
  kind: 'audio' | 'video';
  /** `H264`, `VP8`, `VP9`, `AV1` or `opus`, as werift's MIME subtype. */
  name: CodecName;
  payloadType: number;
  /** RTX payload type bound to `payloadType` (apt), if the offer has one. */
  rtxPayloadType?: number;
  clockRate: number;
  channels?: number;
  /** H.264 `profile-level-id`, lower-case hex. */
  profileLevelId?: string;
  params: Record<string, string>;
}

export type CodecName = 'H264' | 'VP8' | 'VP9' | 'AV1' | 'opus';

/** Video codecs relayed to WebRTC viewers as they come; only H.264 is also packaged (HLS/DASH/MP4). */
const RELAYED_VIDEO = ['VP8', 'VP9', 'AV1'] as const;

/**
 * The codec string of a choice: `avc1.42e01f`, `av01.0.05M.08` (RFC 6381 / AV1-ISOBMFF, from the
 * SDP's profile, level-idx and tier; 8-bit), `vp8`, `vp9`, `opus`. VP9's full form needs a level
 * the SDP does not carry, so it stays `vp9`, as WebRTC names it.
 */
export function codecString(choice: CodecChoice): string {
  if (choice.name === 'H264') return `avc1.${choice.profileLevelId ?? '42e01f'}`;
  if (choice.name === 'AV1') {
    // RFC 9xxx AV1 RTP payload format defaults: profile 0, level-idx 5, tier 0.
    const profile = choice.params['profile'] ?? '0';
    const level = (choice.params['level-idx'] ?? '5').padStart(2, '0');
    const tier = choice.params['tier'] === '1' ? 'H' : 'M';
    return `av01.${profile}.${level}${tier}.08`;
  }
  return choice.name.toLowerCase();
}

/** One-line description for logs: `H264 pt=102 42e01f`. */
export function describeCodec(choice: CodecChoice): string {
  const profile = choice.profileLevelId ? ` ${choice.profileLevelId}` : '';
  const rtx = choice.rtxPayloadType !== undefined ? ` rtx=${choice.rtxPayloadType}` : '';
  return `${choice.name} pt=${choice.payloadType}${profile}${rtx}`;
}

/** Payload types to keep in the offer for a choice: the codec and its RTX. */
export function payloadTypesOf(choice: CodecChoice): number[] {
  return choice.rtxPayloadType === undefined
    ? [choice.payloadType]
    : [choice.payloadType, choice.rtxPayloadType];
}

function isH264Mode1(codec: SdpCodec): boolean {
  return codec.name.toUpperCase() === 'H264' && codec.params['packetization-mode'] === '1';
}

function profileOf(codec: SdpCodec): string {
  // RFC 6184: absent profile-level-id means 420010 (baseline, level 1.0).
  return (codec.params['profile-level-id'] ?? '420010').toLowerCase();
}

/**
 * Publisher preference among H.264 profiles: constrained baseline 42e01f first (what Chromium's
 * OpenH264 produces and every decoder takes), then other constrained baseline, baseline, main, high.
 */
function h264Rank(profileLevelId: string): number {
  const profileIdc = profileLevelId.slice(0, 2);
  const constraints = parseInt(profileLevelId.slice(2, 4), 16);
  if (profileLevelId === '42e01f') return 0;
  if (profileIdc === '42' && constraints & 0x40) return 1;
  if (profileIdc === '42') return 2;
  if (profileIdc === '4d') return 3;
  if (profileIdc === '64') return 4;
  return 5;
}

function rtxFor(codecs: readonly SdpCodec[], payloadType: number): number | undefined {
  return codecs.find((c) => c.name.toLowerCase() === 'rtx' && c.params['apt'] === String(payloadType))
    ?.payloadType;
}

function toChoice(kind: 'audio' | 'video', codec: SdpCodec, codecs: readonly SdpCodec[]): CodecChoice {
  const upper = codec.name.toUpperCase();
  const name: CodecName = upper === 'H264' ? 'H264' : (RELAYED_VIDEO.find((n) => n === upper) ?? 'opus');
  const rtxPayloadType = kind === 'video' ? rtxFor(codecs, codec.payloadType) : undefined;
  return {
    kind,
    name,
    payloadType: codec.payloadType,
    ...(rtxPayloadType !== undefined ? { rtxPayloadType } : {}),
    clockRate: codec.clockRate,
    ...(codec.channels !== undefined ? { channels: codec.channels } : {}),
    ...(name === 'H264' ? { profileLevelId: profileOf(codec) } : {}),
    params: codec.params,
  };
}

/**
 * The codec to ingest on a publisher's media section: H.264 packetization-mode 1 (best-ranked
 * profile), else the first of VP8, VP9 and AV1 in the offer's order for video; Opus for audio.
 * H.264 wins whatever the offer's order, because only H.264 can later be packaged for HLS/DASH
 * without transcoding (and Chromium lists VP8 first unless told otherwise); a publisher that wants
 * VP9 or AV1 leaves H.264 out of its offer.
 */
export function choosePublisherCodec(section: SdpMediaSection): CodecChoice {
  const codecs = codecsOf(section);
  if (section.kind === 'audio') {
    const opus = codecs.find((c) => c.name.toLowerCase() === 'opus' && c.clockRate === 48000);
    if (!opus) throw SdpError.noUsableCodec(`the audio m= line offers no Opus (offered: ${names(codecs)})`);
    return toChoice('audio', opus, codecs);
  }
  if (section.kind === 'video') {
    const h264 = codecs
      .filter(isH264Mode1)
      .sort((a, b) => h264Rank(profileOf(a)) - h264Rank(profileOf(b)))[0];
    if (h264) return toChoice('video', h264, codecs);
    const relayed = codecs.find((c) => RELAYED_VIDEO.some((n) => n === c.name.toUpperCase()));
    if (relayed) return toChoice('video', relayed, codecs);
    throw SdpError.noUsableCodec(
      `the video m= line offers neither H.264 with packetization-mode=1 nor VP8, VP9 or AV1 (offered: ${names(codecs)})`,
    );
  }
  throw SdpError.noUsableCodec(`unsupported media kind "${section.kind}"`);
}

/**
 * The viewer's payload type carrying the publisher's codec unchanged (the relay forwards RTP
 * without transcoding): for H.264 the same profile (any level; the viewer's decoder copes), then the
 * same profile_idc, then any packetization-mode 1 entry.
 */
export function chooseViewerCodec(section: SdpMediaSection, source: CodecChoice): CodecChoice {
  const codecs = codecsOf(section);
  const sameName = codecs.filter((c) => c.name.toLowerCase() === source.name.toLowerCase());
  let match: SdpCodec | undefined;
  if (source.name === 'H264') {
    const mode1 = sameName.filter(isH264Mode1);
    const profile = (source.profileLevelId ?? '42e01f').slice(0, 4);
    match =
      mode1.find((c) => profileOf(c).slice(0, 4) === profile) ??
      mode1.find((c) => profileOf(c).slice(0, 2) === profile.slice(0, 2)) ??
      mode1[0];
  } else if (source.name === 'opus') {
    match = sameName.find((c) => c.clockRate === 48000);
  } else if (source.name === 'VP9' || source.name === 'AV1') {
    // The bitstream profile must match (VP9 profile-id 2 is 10-bit, AV1 profile 1 is 4:4:4); absent is 0.
    const key = source.name === 'VP9' ? 'profile-id' : 'profile';
    const profile = source.params[key] ?? '0';
    match = sameName.find((c) => (c.params[key] ?? '0') === profile);
  } else {
    match = sameName[0];
  }
  if (!match) {
    throw SdpError.noUsableCodec(
      `the viewer's ${section.kind} m= line does not accept the stream's codec ${codecString(source)} (offered: ${names(codecs)})`,
    );
  }
  return toChoice(source.kind, match, codecs);
}

function names(codecs: readonly SdpCodec[]): string {
  const unique = [...new Set(codecs.map((c) => c.name))];
  return unique.length ? unique.join(', ') : 'none';
}
