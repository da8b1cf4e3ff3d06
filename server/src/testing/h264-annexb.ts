/**
 * Test helpers: split an Annex B H.264 file into access units and packetize them as RFC 6184
 * RTP payloads (single NAL unit or FU-A), as a WebRTC sender would.
 */
export function splitAnnexB(data: Uint8Array): Uint8Array[] {
  const nals: Uint8Array[] = [];
  let start = -1;
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) nals.push(trimTrailingZeros(data.subarray(start, i)));
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0) nals.push(data.subarray(start));
  return nals.filter((nal) => nal.length > 0);
}

function trimTrailingZeros(nal: Uint8Array): Uint8Array {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}

/** Groups NAL units into access units: parameter sets and SEI go with the next slice. */
export function accessUnits(nals: Uint8Array[]): Uint8Array[][] {
  const units: Uint8Array[][] = [];
  let pending: Uint8Array[] = [];
  for (const nal of nals) {
    pending.push(nal);
    const type = (nal[0] ?? 0) & 0x1f;
    if (type === 1 || type === 5) {
      units.push(pending);
      pending = [];
    }
  }
  return units;
}

/** RTP payloads of one access unit; the last one carries the marker bit. */
export function packetizeH264(unit: Uint8Array[], mtu = 1100): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  for (const nal of unit) {
    if (nal.length <= mtu) {
      payloads.push(nal);
      continue;
    }
    const header = nal[0] ?? 0;
    const indicator = (header & 0xe0) | 28;
    const type = header & 0x1f;
    for (let offset = 1; offset < nal.length; offset += mtu) {
      const end = Math.min(nal.length, offset + mtu);
      const fuHeader = (offset === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
      const payload = new Uint8Array(2 + end - offset);
      payload[0] = indicator;
      payload[1] = fuHeader;
      payload.set(nal.subarray(offset, end), 2);
      payloads.push(payload);
    }
  }
  return payloads;
}
