import { parseH264Sps } from './h264-sps';

/** What the relay learns from one video RTP payload without depacketizing whole frames. */
export interface VideoPayloadInfo {
  /** The payload starts a keyframe (H.264 IDR/SPS, VP8 key frame). */
  keyframe: boolean;
  width?: number;
  height?: number;
  /** From an H.264 SPS: `profile-level-id` as SDP writes it (lower-case hex). */
  profileLevelId?: string;
}

const NAL_IDR = 5;
const NAL_SPS = 7;
const NAL_STAP_A = 24;
const NAL_FU_A = 28;

/**
 * Inspects an H.264 RTP payload (RFC 6184): single NAL unit, STAP-A aggregate, or the first FU-A
 * fragment. The picture size comes from an SPS, which WebRTC encoders send unfragmented before
 * each IDR.
 */
export function inspectH264Payload(payload: Uint8Array): VideoPayloadInfo {
  const info: VideoPayloadInfo = { keyframe: false };
  const visit = (nal: Uint8Array) => {
    const type = (nal[0] ?? 0) & 0x1f;
    if (type === NAL_IDR || type === NAL_SPS) info.keyframe = true;
    if (type === NAL_SPS) {
      const sps = parseH264Sps(nal);
      if (sps) {
        info.width = sps.width;
        info.height = sps.height;
        info.profileLevelId = [sps.profileIdc, sps.constraintFlags, sps.levelIdc]
          .map((byte) => byte.toString(16).padStart(2, '0'))
          .join('');
      }
    }
  };
  const type = (payload[0] ?? 0) & 0x1f;
  if (type >= 1 && type <= 23) {
    visit(payload);
  } else if (type === NAL_STAP_A) {
    let offset = 1;
    while (offset + 2 <= payload.length) {
      const size = ((payload[offset] ?? 0) << 8) | (payload[offset + 1] ?? 0);
      offset += 2;
      if (size === 0 || offset + size > payload.length) break;
      visit(payload.subarray(offset, offset + size));
      offset += size;
    }
  } else if (type === NAL_FU_A && payload.length >= 2) {
    const fuHeader = payload[1] ?? 0;
    const start = (fuHeader & 0x80) !== 0;
    if (start && (fuHeader & 0x1f) === NAL_IDR) info.keyframe = true;
  }
  return info;
}

/**
 * Inspects a VP8 RTP payload (RFC 7741): skips the payload descriptor, and on the first partition's
 * start reads the key frame header (RFC 6386 §9.1) for the picture size.
 */
export function inspectVp8Payload(payload: Uint8Array): VideoPayloadInfo {
  const info: VideoPayloadInfo = { keyframe: false };
  const first = payload[0] ?? 0;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++] ?? 0;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID/KEYIDX
  }
  const startOfPartition0 = (first & 0x10) !== 0 && (first & 0x0f) === 0;
  if (!startOfPartition0 || offset + 10 > payload.length) return info;
  const frame = payload.subarray(offset);
  if (((frame[0] ?? 1) & 0x01) !== 0) return info; // inter frame
  info.keyframe = true;
  if (frame[3] === 0x9d && frame[4] === 0x01 && frame[5] === 0x2a) {
    info.width = (((frame[7] ?? 0) << 8) | (frame[6] ?? 0)) & 0x3fff;
    info.height = (((frame[9] ?? 0) << 8) | (frame[8] ?? 0)) & 0x3fff;
  }
  return info;
}
