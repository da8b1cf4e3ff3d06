import { createCipheriv, createHmac, type KeyObject } from 'node:crypto';

/** DTLS-SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2). */
export const SRTP_AES128_CM_HMAC_SHA1_80 = 0x0001;
export const SRTP_AEAD_AES_128_GCM = 0x0007;

/** The session keys of one direction of an SRTP session (RFC 3711 §4.3 key derivation done). */
export interface SrtpSessionKeys {
  profile: number;
  /**
   * 16 bytes: the AES-128 session encryption key. A `KeyObject` (`createSecretKey`) made once per
   * session saves ~10% of a packet's cipher setup over raw bytes (Node 20).
   */
  key: Uint8Array | KeyObject;
  /** The session salt: 14 bytes (AES-CM) or 12 (AEAD-GCM); longer salts are cut. */
  salt: Uint8Array;
  /** 20 bytes: the HMAC-SHA1 session authentication key (AES-CM only). */
  authKey?: Uint8Array | KeyObject;
}

const GCM_TAG = 16;
const HMAC_TAG = 10;

/** Bytes an SRTP packet has beyond its RTP packet under `profile`. */
export function srtpOverhead(profile: number): number {
  return profile === SRTP_AEAD_AES_128_GCM ? GCM_TAG : HMAC_TAG;
}

/**
 * Protects one RTP packet: `header` (the serialized RTP header, extensions included) stays clear,
 * `payload` is encrypted, the tag follows. `roc` is the sender's rollover counter for this SSRC.
 * Output is byte-for-byte what werift's `SrtpSession.encrypt` makes for the same header, so a
 * receiver cannot tell which path sent a packet.
 *
 * Written with the header already serialized so that a caller writing headers into a template
 * does not build an `RtpHeader` object per packet, and with one output allocation.
 */
export function protectRtp(
  keys: SrtpSessionKeys,
  header: Uint8Array,
  ssrc: number,
  sequenceNumber: number,
  roc: number,
  payload: Uint8Array,
): Buffer {
  if (keys.profile === SRTP_AEAD_AES_128_GCM)
    return protectGcm(keys, header, ssrc, sequenceNumber, roc, payload);
  if (keys.profile === SRTP_AES128_CM_HMAC_SHA1_80) {
    return protectCtr(keys, header, ssrc, sequenceNumber, roc, payload);
  }
  throw new Error(`unsupported SRTP protection profile ${keys.profile}`);
}

/** RFC 7714 §8: IV = salt XOR (00 00 | SSRC | ROC | SEQ), AAD = the RTP header. */
function protectGcm(
  keys: SrtpSessionKeys,
  header: Uint8Array,
  ssrc: number,
  sequenceNumber: number,
  roc: number,
  payload: Uint8Array,
): Buffer {
  const iv = Buffer.allocUnsafe(12);
  iv.writeUInt16BE(0, 0);
  iv.writeUInt32BE(ssrc >>> 0, 2);
  iv.writeUInt32BE(roc >>> 0, 6);
  iv.writeUInt16BE(sequenceNumber & 0xffff, 10);
  for (let i = 0; i < 12; i++) iv[i] = (iv[i] ?? 0) ^ (keys.salt[i] ?? 0);
  const cipher = createCipheriv('aes-128-gcm', keys.key, iv);
  cipher.setAAD(header);
  const out = Buffer.allocUnsafe(header.length + payload.length + GCM_TAG);
  out.set(header, 0);
  let offset = header.length;
  offset += cipher.update(payload).copy(out, offset);
  offset += cipher.final().copy(out, offset);
  cipher.getAuthTag().copy(out, offset);
  return out;
}

/** RFC 3711 §4.1.1 (AES counter mode, IV from salt, SSRC and index) and §4.2 (HMAC-SHA1-80 tag). */
function protectCtr(
  keys: SrtpSessionKeys,
  header: Uint8Array,
  ssrc: number,
  sequenceNumber: number,
  roc: number,
  payload: Uint8Array,
): Buffer {
  if (!keys.authKey) throw new Error('AES-CM SRTP needs an authentication key');
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(ssrc >>> 0, 4);
  iv.writeUInt32BE(roc >>> 0, 8);
  iv.writeUInt16BE(sequenceNumber & 0xffff, 12);
  for (let i = 0; i < 14; i++) iv[i] = (iv[i] ?? 0) ^ (keys.salt[i] ?? 0);
  const cipher = createCipheriv('aes-128-ctr', keys.key, iv);
  const out = Buffer.allocUnsafe(header.length + payload.length + HMAC_TAG);
  out.set(header, 0);
  const encryptedEnd = header.length + cipher.update(payload).copy(out, header.length);
  const rocBytes = Buffer.allocUnsafe(4);
  rocBytes.writeUInt32BE(roc >>> 0, 0);
  const tag = createHmac('sha1', keys.authKey)
    .update(out.subarray(0, encryptedEnd))
    .update(rocBytes)
    .digest();
  tag.copy(out, encryptedEnd, 0, HMAC_TAG);
  return out;
}
