/**
 * RFC 6184 packetization-mode 1, shaped like libwebrtc's sender: consecutive small NAL units of one
 * picture share a STAP-A, a lone small NAL unit goes alone (single NAL unit packet), a large one is
 * cut into FU-A fragments. The caller sets the marker on the last payload of each picture. Pure.
 */

/** Payload bytes per RTP packet: under a 1280-byte path MTU with RTP, SRTP and header extensions. */
export const DEFAULT_MTU = 1200;

const STAP_A = 24;
const FU_A = 28;

/** The RTP payloads of one picture's NAL units (header byte first, no start code), in order. */
export function packetizePicture(nals: readonly Uint8Array[], mtu = DEFAULT_MTU): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  let aggregate: Uint8Array[] = [];
  let aggregateSize = 1;
  const flush = () => {
    if (aggregate.length === 1 && aggregate[0]) payloads.push(aggregate[0]);
    if (aggregate.length > 1) payloads.push(stapA(aggregate));
    aggregate = [];
    aggregateSize = 1;
  };
  for (const nal of nals) {
    if (nal.length === 0) continue;
    // Alone, a NAL unit fits if it fits as a single NAL unit packet; in a STAP-A it costs 2 more bytes.
    if (nal.length > mtu) {
      flush();
      payloads.push(...fuA(nal, mtu));
      continue;
    }
    if (aggregate.length > 0 && aggregateSize + 2 + nal.length > mtu) flush();
    aggregate.push(nal);
    aggregateSize += 2 + nal.length;
  }
  flush();
  return payloads;
}

/** One STAP-A aggregation packet (RFC 6184 §5.7.1). */
export function stapA(nals: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + nals.reduce((sum, nal) => sum + 2 + nal.length, 0));
  // F is the OR of the members' F bits and NRI their maximum (RFC 6184 §5.7).
  out[0] = nals.reduce((max, nal) => Math.max(max, (nal[0] ?? 0) & 0xe0), 0) | STAP_A;
  let offset = 1;
  for (const nal of nals) {
    out[offset] = nal.length >> 8;
    out[offset + 1] = nal.length & 0xff;
    out.set(nal, offset + 2);
    offset += 2 + nal.length;
  }
  return out;
}

/** FU-A fragments of one NAL unit (RFC 6184 §5.8), each at most `mtu` bytes. */
export function fuA(nal: Uint8Array, mtu = DEFAULT_MTU): Uint8Array[] {
  const header = nal[0] ?? 0;
  const chunk = mtu - 2;
  const payloads: Uint8Array[] = [];
  for (let offset = 1; offset < nal.length; offset += chunk) {
    const end = Math.min(nal.length, offset + chunk);
    const payload = new Uint8Array(2 + end - offset);
    payload[0] = (header & 0xe0) | FU_A;
    payload[1] = (offset === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | (header & 0x1f);
    payload.set(nal.subarray(offset, end), 2);
    payloads.push(payload);
  }
  return payloads;
}

/**
 * `nals` with `extra` placed just before the first slice (after SPS, PPS and the encoder's own SEI):
 * where an SEI about the picture belongs (H.264 7.4.1.2.3).
 */
export function insertBeforeFirstSlice(nals: readonly Uint8Array[], extra: Uint8Array): Uint8Array[] {
  const at = nals.findIndex((nal) => {
    const type = (nal[0] ?? 0) & 0x1f;
    return type >= 1 && type <= 5;
  });
  const index = at < 0 ? nals.length : at;
  return [...nals.slice(0, index), extra, ...nals.slice(index)];
}
