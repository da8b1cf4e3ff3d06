/**
 * Test-only H.264 helpers: turn an Annex B elementary stream (what `ffmpeg -f h264` writes) into
 * the AVCC samples and `avcC` record the depacketizer will hand the writer.
 */

const nalType = (nal: Uint8Array): number => (nal[0] ?? 0) & 0x1f;
const isSlice = (nal: Uint8Array): boolean => nalType(nal) === 1 || nalType(nal) === 5;

/** NAL units between 3- or 4-byte start codes. */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const starts: Array<{ at: number; payload: number }> = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push({ at: i > 0 && stream[i - 1] === 0 ? i - 1 : i, payload: i + 3 });
      i += 2;
    }
  }
  return starts.map((start, index) => stream.subarray(start.payload, starts[index + 1]?.at ?? stream.length));
}

export interface AccessUnit {
  nalUnits: Uint8Array[];
  keyframe: boolean;
}

/**
 * Groups NAL units into access units: a non-VCL unit (SEI, SPS, PPS, AUD) or a slice with
 * first_mb_in_slice = 0 after a slice starts the next picture.
 */
export function groupAccessUnits(nalUnits: readonly Uint8Array[]): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: Uint8Array[] = [];
  const flush = () => {
    if (current.some(isSlice))
      units.push({ nalUnits: current, keyframe: current.some((n) => nalType(n) === 5) });
    current = [];
  };
  for (const nal of nalUnits) {
    const firstMbIsZero = ((nal[1] ?? 0) & 0x80) !== 0; // ue(v) 0 is the single bit '1'
    if (current.some(isSlice) && (!isSlice(nal) || firstMbIsZero)) flush();
    current.push(nal);
  }
  flush();
  return units;
}

/** AVCDecoderConfigurationRecord for Baseline/Main: one SPS, one PPS, 4-byte NAL lengths. */
export function buildAvcC(sps: Uint8Array, pps: Uint8Array): Uint8Array {
  const record = new Uint8Array(11 + sps.length + pps.length);
  record.set([1, sps[1] ?? 0, sps[2] ?? 0, sps[3] ?? 0, 0xff, 0xe1, sps.length >> 8, sps.length & 0xff]);
  record.set(sps, 8);
  record.set([1, pps.length >> 8, pps.length & 0xff], 8 + sps.length);
  record.set(pps, 11 + sps.length);
  return record;
}

/** Length-prefixes the picture's NAL units, leaving out parameter sets and AUDs (they live in `avcC`). */
export function toAvcc(nalUnits: readonly Uint8Array[]): Uint8Array {
  const kept = nalUnits.filter((nal) => ![7, 8, 9].includes(nalType(nal)));
  const out = new Uint8Array(kept.reduce((sum, nal) => sum + 4 + nal.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const nal of kept) {
    view.setUint32(at, nal.length);
    out.set(nal, at + 4);
    at += 4 + nal.length;
  }
  return out;
}

export function findParameterSets(nalUnits: readonly Uint8Array[]): { sps: Uint8Array; pps: Uint8Array } {
  const sps = nalUnits.find((nal) => nalType(nal) === 7);
  const pps = nalUnits.find((nal) => nalType(nal) === 8);
  if (!sps || !pps) throw new Error('the stream has no SPS/PPS');
  return { sps, pps };
}
