import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { H264Depacketizer, type H264DepacketizerResult, type H264Frame } from './h264-depacketizer';
import type { RtpPacket } from './rtp-packet';
import {
  groupPictures,
  splitAnnexB,
  toRtpPackets,
  type RtpStreamOptions,
} from './testing/h264-rtp-packetizer';

/** 10 pictures of x264 baseline 320x180, IDR every 5, with AUDs (command in README.md). */
const fixture = readFileSync(new URL('./fixtures/testsrc-320x180-baseline-gop5.h264', import.meta.url));
const pictures = groupPictures(splitAnnexB(fixture));
/** Two passes of the fixture: IDRs at pictures 0, 5, 10 and 15. */
const twenty = [...pictures, ...pictures];

const nalType = (nal: Uint8Array) => (nal[0] ?? 0) & 0x1f;
const withoutAud = (picture: Uint8Array[]) => picture.filter((nal) => nalType(nal) !== 9);

function run(packets: RtpPacket[], depacketizer = new H264Depacketizer()): H264DepacketizerResult[] {
  return [...packets.flatMap((packet) => depacketizer.push(packet)), ...depacketizer.flush()];
}

const frames = (results: H264DepacketizerResult[]): H264Frame[] =>
  results.flatMap((r) => (r.kind === 'frame' ? [r.frame] : []));

/** Picture index of each result, from its timestamp, and what happened to it. */
function outcome(results: H264DepacketizerResult[], options: RtpStreamOptions = {}): string[] {
  const { firstTimestamp = 90000, timestampStep = 3000 } = options;
  return results.map((r) => {
    const timestamp = r.kind === 'frame' ? r.frame.timestamp : r.timestamp;
    const index = ((timestamp - firstTimestamp + 2 ** 32) % 2 ** 32) / timestampStep;
    return r.kind === 'frame' ? `${index}${r.frame.keyframe ? ' key' : ''}` : `${index} ${r.reason}`;
  });
}

const payloadKind = (packet: RtpPacket) => {
  const type = nalType(packet.payload);
  return type === 24 ? 'stap-a' : type === 28 ? 'fu-a' : 'single';
};

describe('H264Depacketizer', () => {
  it('reassembles single NAL units, STAP-A and FU-A into the original pictures, byte for byte', () => {
    // Odd pictures without their AUD: their lone slice then travels as a single NAL unit packet.
    const packets = toRtpPackets(pictures.map((picture, i) => (i % 2 ? withoutAud(picture) : picture)));
    expect(new Set(packets.map(payloadKind))).toEqual(new Set(['single', 'stap-a', 'fu-a']));
    const out = frames(run(packets));
    expect(out).toHaveLength(10);
    out.forEach((frame, i) => {
      expect(frame.timestamp).toBe(90000 + i * 3000);
      expect(frame.nalUnits.map((nal) => Buffer.from(nal).toString('hex'))).toEqual(
        withoutAud(pictures[i] ?? []).map((nal) => Buffer.from(nal).toString('hex')),
      );
    });
    expect(out.map((f) => f.keyframe)).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('keeps SPS, PPS and SEI, and removes access unit delimiters', () => {
    const [first] = frames(run(toRtpPackets(pictures)));
    expect(first?.nalUnits.map(nalType)).toEqual([7, 8, 6, 5]);
    expect(pictures[0]?.map(nalType)).toEqual([9, 7, 8, 6, 5]);
  });

  it('follows sequence numbers over 65535 → 0 and timestamps over 2^32', () => {
    const options = { firstSequenceNumber: 65530, firstTimestamp: 2 ** 32 - 4 * 3000 };
    const packets = toRtpPackets(twenty, options);
    expect(packets.some((p) => p.sequenceNumber === 0)).toBe(true);
    expect(packets.some((p) => p.timestamp < 3000 * 10)).toBe(true);
    const depacketizer = new H264Depacketizer();
    const results = run(packets, depacketizer);
    expect(outcome(results, options)).toEqual(twenty.map((_, i) => `${i}${i % 5 === 0 ? ' key' : ''}`));
    expect(depacketizer.counters).toMatchObject({ packetsLost: 0, packetsLate: 0, framesDropped: 0 });
  });

  it('drops a picture missing an FU-A fragment, then every picture up to the next IDR', () => {
    const packets = toRtpPackets(twenty);
    const idr5 = packets.filter((p) => p.timestamp === 90000 + 5 * 3000 && payloadKind(p) === 'fu-a');
    expect(idr5.length).toBeGreaterThanOrEqual(3);
    const depacketizer = new H264Depacketizer();
    const needKeyframe: boolean[] = [];
    const results = packets
      .filter((p) => p !== idr5[1])
      .flatMap((p) => {
        const r = depacketizer.push(p);
        needKeyframe.push(depacketizer.needKeyframe);
        return r;
      });
    expect(outcome(results)).toEqual([
      '0 key',
      '1',
      '2',
      '3',
      '4',
      '5 missing-packets',
      '6 waiting-for-keyframe',
      '7 waiting-for-keyframe',
      '8 waiting-for-keyframe',
      '9 waiting-for-keyframe',
      '10 key',
      ...[11, 12, 13, 14].map(String),
      '15 key',
      ...[16, 17, 18, 19].map(String),
    ]);
    const loss = results.find((r) => r.kind === 'loss');
    expect(loss).toMatchObject({ kind: 'loss', reason: 'missing-packets', needKeyframe: true });
    expect(depacketizer.counters).toMatchObject({ packetsLost: 1, framesDropped: 5, keyframesNeeded: 1 });
    expect(needKeyframe.at(-1)).toBe(false);
    expect(needKeyframe.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('drops the picture whose last packet (with the marker) is lost, once the next picture starts', () => {
    const packets = toRtpPackets(pictures);
    const lastOfIdr = packets.findIndex((p) => p.marker);
    const depacketizer = new H264Depacketizer();
    const results = run(
      packets.filter((_, i) => i !== lastOfIdr),
      depacketizer,
    );
    expect(outcome(results).slice(0, 3)).toEqual([
      '0 missing-packets',
      '1 waiting-for-keyframe',
      '2 waiting-for-keyframe',
    ]);
    expect(outcome(results)[5]).toBe('5 key');
    expect(depacketizer.counters.packetsLost).toBe(1);
  });

  it('after a whole lost P picture, waits for the next IDR and says so', () => {
    const packets = toRtpPackets(pictures);
    const lost = packets.find((p) => p.timestamp === 90000 + 2 * 3000);
    const depacketizer = new H264Depacketizer();
    const results = run(
      packets.filter((p) => p !== lost),
      depacketizer,
    );
    expect(outcome(results)).toEqual([
      '0 key',
      '1',
      '3 waiting-for-keyframe',
      '4 waiting-for-keyframe',
      '5 key',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(results[2]).toMatchObject({ needKeyframe: true });
    expect(depacketizer.counters).toMatchObject({ packetsLost: 1, keyframesNeeded: 1, framesDropped: 2 });
  });

  it('keeps an IDR whose SPS/PPS packet was lost: its slice still starts at macroblock 0', () => {
    const packets = toRtpPackets(pictures);
    const parameterSets = packets.find(
      (p) => p.timestamp === 90000 + 5 * 3000 && payloadKind(p) === 'stap-a',
    );
    const depacketizer = new H264Depacketizer();
    const results = run(
      packets.filter((p) => p !== parameterSets),
      depacketizer,
    );
    expect(outcome(results)).toEqual(['0 key', '1', '2', '3', '4', '5 key', '6', '7', '8', '9']);
    expect(frames(results)[5]?.nalUnits.map(nalType)).toEqual([5]);
    expect(depacketizer.needKeyframe).toBe(false);
  });

  it('starts waiting for an IDR: a stream joined mid-GOP or mid-picture is dropped until one', () => {
    const packets = toRtpPackets(pictures);
    const firstFuOfIdr5 = packets.findIndex(
      (p) => p.timestamp === 90000 + 5 * 3000 && payloadKind(p) === 'fu-a',
    );
    const depacketizer = new H264Depacketizer();
    expect(depacketizer.needKeyframe).toBe(true);
    // Joins at the second fragment of IDR 5: the IDR's start is missing.
    const results = run(packets.slice(firstFuOfIdr5 + 1), depacketizer);
    expect(outcome(results)).toEqual([
      '5 missing-packets',
      ...[6, 7, 8, 9].map((i) => `${i} waiting-for-keyframe`),
    ]);
    expect(depacketizer.counters.keyframesNeeded).toBe(0);

    const joinedMidGop = run(toRtpPackets(pictures).filter((p) => p.timestamp >= 90000 + 3 * 3000));
    expect(outcome(joinedMidGop)).toEqual([
      '3 waiting-for-keyframe',
      '4 waiting-for-keyframe',
      '5 key',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('puts reordered packets of one picture back in order', () => {
    const packets = toRtpPackets(pictures);
    const fu = packets.flatMap((p, i) => (p.timestamp === 90000 && payloadKind(p) === 'fu-a' ? [i] : []));
    const [a, b] = [fu[0] ?? 0, fu[1] ?? 0];
    const reordered = [...packets];
    [reordered[a], reordered[b]] = [packets[b] as RtpPacket, packets[a] as RtpPacket];
    const depacketizer = new H264Depacketizer();
    const out = frames(run(reordered, depacketizer));
    expect(out.map((f) => Buffer.concat(f.nalUnits).toString('hex'))).toEqual(
      frames(run(packets)).map((f) => Buffer.concat(f.nalUnits).toString('hex')),
    );
    expect(depacketizer.counters).toMatchObject({ packetsLost: 0, framesDropped: 0 });
  });

  it('counts late and duplicate packets without emitting anything twice', () => {
    const packets = toRtpPackets(pictures);
    const depacketizer = new H264Depacketizer();
    const input = [
      ...packets.slice(0, 6),
      packets[2] as RtpPacket,
      packets[5] as RtpPacket,
      ...packets.slice(6),
    ];
    const results = run(input, depacketizer);
    expect(frames(results)).toHaveLength(10);
    expect(depacketizer.counters.packetsLate + depacketizer.counters.packetsDuplicate).toBe(2);
  });

  it('ignores STAP-B, MTAP and FU-B (packetization-mode 2) with a counted reason, and reserved types', () => {
    const packets = toRtpPackets(pictures);
    const p1 = packets.findIndex((p) => p.timestamp === 90000 + 3000);
    const depacketizer = new H264Depacketizer();
    const mangled = packets.map((p, i) =>
      i === p1 ? { ...p, payload: Uint8Array.of(0x19, 0, 0, 0, 2, 0x09, 0xf0) } : p,
    );
    const results = run(mangled, depacketizer);
    expect(outcome(results).slice(0, 3)).toEqual([
      '0 key',
      '1 unsupported-packetization',
      '2 waiting-for-keyframe',
    ]);
    expect(depacketizer.counters.packetsIgnored).toMatchObject({ 'stap-b': 1 });

    const reserved = new H264Depacketizer();
    const extra: RtpPacket = {
      ...(packets[0] as RtpPacket),
      sequenceNumber: 999,
      marker: false,
      payload: Uint8Array.of(0x1e, 1),
    };
    const withReserved = run([extra, ...packets], reserved);
    expect(frames(withReserved)).toHaveLength(10);
    expect(reserved.counters.packetsIgnored.reserved).toBe(1);
  });

  it('reports malformed aggregates and FU-A runs without a start', () => {
    const packets = toRtpPackets(pictures);
    const truncatedStap = packets.map((p, i) => (i === 0 ? { ...p, payload: p.payload.subarray(0, 10) } : p));
    expect(outcome(run(truncatedStap))[0]).toBe('0 malformed');
  });
});
