import { unescapeRbsp } from '@brume/protocol';
import { parseH264Sps } from '../webrtc/h264-sps';

/** Everything an MP4 `avc1` sample entry and a playlist need to describe an H.264 track. */
export interface H264Config {
  /** RFC 6381 codec string, `avc1.PPCCLL` in lower-case hex (`avc1.42c01f`). */
  codec: string;
  width: number;
  height: number;
  sps: Uint8Array;
  pps: Uint8Array;
  /** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1): the body of the `avcC` box. */
  avcC: Uint8Array;
}

const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_AUD = 9;

/**
 * Tracks the current SPS and PPS of a stream from its in-band parameter sets (Chromium sends both in
 * a STAP-A before every IDR) and tells when they change, which is when a packager must start a new
 * init segment: with an `avc1` sample entry the parameter sets live only in `avcC`.
 *
 * One SPS and one PPS are kept, the latest of each: WebRTC encoders (OpenH264 with a constant
 * parameter-set id, the hardware encoders Chromium uses) use id 0 for both, so a new one replaces the
 * old rather than adding to a set.
 */
export class H264ParameterSets {
  private current: H264Config | undefined;
  private sps: Uint8Array | undefined;
  private pps: Uint8Array | undefined;

  /** The configuration once both an SPS and a PPS were seen. */
  get config(): H264Config | undefined {
    return this.current;
  }

  /** Reads the parameter sets among one picture's NAL units; true if the configuration is new or changed. */
  update(nalUnits: readonly Uint8Array[]): boolean {
    for (const nal of nalUnits) {
      const type = (nal[0] ?? 0) & 0x1f;
      // Copies: NAL units may be views into RTP payloads that the caller does not keep.
      if (type === NAL_SPS && parseH264Sps(nal)) this.sps = nal.slice();
      if (type === NAL_PPS && nal.length > 1) this.pps = nal.slice();
    }
    const { sps, pps, current } = this;
    if (!sps || !pps) return false;
    if (current && equalBytes(current.sps, sps) && equalBytes(current.pps, pps)) return false;
    const parsed = parseH264Sps(sps);
    if (!parsed) return false;
    this.current = {
      codec: avcCodecString(sps),
      width: parsed.width,
      height: parsed.height,
      sps,
      pps,
      avcC: buildAvcC(sps, pps),
    };
    return true;
  }
}

/** `avc1.` + profile_idc, constraint flags and level_idc (SPS bytes 1..3) in hex (RFC 6381 §3.3). */
export function avcCodecString(sps: Uint8Array): string {
  const hex = (n: number) => (sps[n] ?? 0).toString(16).padStart(2, '0');
  return `avc1.${hex(1)}${hex(2)}${hex(3)}`;
}

/** Profiles whose avcC carries chroma format and bit depths after the PPS list (14496-15 §5.3.3.1.2). */
const EXTENDED_PROFILES = new Set([100, 110, 122, 144]);

/** AVCDecoderConfigurationRecord for one SPS and one PPS, with 4-byte NAL unit lengths. */
export function buildAvcC(sps: Uint8Array, pps: Uint8Array): Uint8Array {
  const profileIdc = sps[1] ?? 0;
  const extension = EXTENDED_PROFILES.has(profileIdc) ? chromaAndBitDepth(sps) : undefined;
  const out = new Uint8Array(6 + 2 + sps.length + 1 + 2 + pps.length + (extension ? 4 : 0));
  let offset = 0;
  const u8 = (value: number) => {
    out[offset++] = value;
  };
  const u16 = (value: number) => {
    u8(value >> 8);
    u8(value & 0xff);
  };
  u8(1); // configurationVersion
  u8(profileIdc); // AVCProfileIndication
  u8(sps[2] ?? 0); // profile_compatibility (the constraint flags)
  u8(sps[3] ?? 0); // AVCLevelIndication
  u8(0xfc | 3); // reserved 111111, lengthSizeMinusOne = 3: samples use 4-byte lengths
  u8(0xe0 | 1); // reserved 111, numOfSequenceParameterSets = 1
  u16(sps.length);
  out.set(sps, offset);
  offset += sps.length;
  u8(1); // numOfPictureParameterSets
  u16(pps.length);
  out.set(pps, offset);
  offset += pps.length;
  if (extension) {
    u8(0xfc | extension.chromaFormatIdc);
    u8(0xf8 | extension.bitDepthLumaMinus8);
    u8(0xf8 | extension.bitDepthChromaMinus8);
    u8(0); // numOfSequenceParameterSetExt
  }
  return out;
}

/**
 * MP4 sample bytes of one picture: each NAL unit behind a 4-byte big-endian length (AVCC layout).
 * SPS and PPS are left out because an `avc1` sample entry carries them in `avcC` (in-band parameter
 * sets are what `avc3` is for; Safari's and dash.js's demuxers expect `avc1`), so a change starts a new
 * init segment instead; access unit delimiters carry nothing a demuxer needs. SEI stays: it can hold captions and timing the player may want.
 */
export function toAvccSample(nalUnits: readonly Uint8Array[]): Uint8Array {
  const kept = nalUnits.filter((nal) => {
    const type = (nal[0] ?? 0) & 0x1f;
    return type !== NAL_SPS && type !== NAL_PPS && type !== NAL_AUD;
  });
  const out = new Uint8Array(kept.reduce((sum, nal) => sum + 4 + nal.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const nal of kept) {
    view.setUint32(offset, nal.length);
    out.set(nal, offset + 4);
    offset += 4 + nal.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** chroma_format_idc and bit depths: the first ue(v) fields after seq_parameter_set_id in high profiles. */
function chromaAndBitDepth(sps: Uint8Array): {
  chromaFormatIdc: number;
  bitDepthLumaMinus8: number;
  bitDepthChromaMinus8: number;
} {
  const bits = unescapeRbsp(sps.subarray(4));
  let position = 0;
  const bit = () => {
    const byte = bits[position >> 3] ?? 0;
    return (byte >> (7 - (position++ & 7))) & 1;
  };
  const ue = () => {
    let zeros = 0;
    while (bit() === 0 && zeros < 32) zeros++;
    let value = 0;
    for (let i = 0; i < zeros; i++) value = value * 2 + bit();
    return 2 ** zeros - 1 + value;
  };
  ue(); // seq_parameter_set_id
  const chromaFormatIdc = ue();
  if (chromaFormatIdc === 3) bit(); // separate_colour_plane_flag
  return { chromaFormatIdc, bitDepthLumaMinus8: ue(), bitDepthChromaMinus8: ue() };
}
