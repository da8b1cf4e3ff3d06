import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccessUnit } from './access-unit';
import { toAvccSample } from './h264-parameter-sets';
import type { RtpPacket } from './rtp-packet';
import { StreamTimeline } from './rtp-timeline';
import { groupPictures, splitAnnexB, toRtpPackets } from './testing/h264-rtp-packetizer';
import { H264TrackAssembler, OpusTrackAssembler, type TrackAssembler } from './track-assembler';

const fixtures = new URL('./fixtures/', import.meta.url);
const pictures = groupPictures(
  splitAnnexB(readFileSync(new URL('testsrc-320x180-baseline-gop5.h264', fixtures))),
);
const ffmpegAvcC = new Uint8Array(readFileSync(new URL('testsrc-320x180-baseline-gop5.avcC', fixtures)));
const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');

/** Feeds packets arriving at their media time (30 fps, or 20 ms for audio) from server time 1000. */
function feed(assembler: TrackAssembler, packets: RtpPacket[], clockRate: number): AccessUnit[] {
  const first = packets[0]?.timestamp ?? 0;
  return [
    ...packets.flatMap((p) => assembler.push(p, 1000 + ((p.timestamp - first) * 1000) / clockRate)),
    ...assembler.flush(),
  ];
}

describe('H264TrackAssembler', () => {
  it('emits AVCC samples with dts, durations, keyframes and the init configuration', () => {
    const assembler = new H264TrackAssembler(new StreamTimeline());
    const units = feed(assembler, toRtpPackets(pictures), 90000);
    expect(units).toHaveLength(10);
    expect(units.map((u) => u.dts)).toEqual(units.map((_, i) => i * 3000));
    expect(units.map((u) => u.duration)).toEqual(new Array<number>(10).fill(3000));
    expect(units.map((u) => u.keyframe)).toEqual(pictures.map((_, i) => i % 5 === 0));
    units.forEach((unit, i) => expect(unit.streamMs).toBeCloseTo(i * (100 / 3), 9));
    // The RTP timestamp each picture arrived with, for mapping a WebRTC viewer's clock.
    const firstTimestamp = toRtpPackets(pictures)[0]!.timestamp;
    expect(units.map((u) => u.rtpTimestamp)).toEqual(units.map((_, i) => firstTimestamp + i * 3000));
    units.forEach((unit, i) => expect(hex(unit.data)).toBe(hex(toAvccSample(pictures[i] ?? []))));
    expect(units[0]?.config).toMatchObject({
      kind: 'video',
      timescale: 90000,
      codec: 'avc1.42c00d',
      width: 320,
    });
    expect(hex(units[0]?.config?.kind === 'video' ? units[0].config.avcC : undefined)).toBe(hex(ffmpegAvcC));
    expect(units.slice(1).some((u) => u.config)).toBe(false);
    expect(assembler.counters).toEqual({
      framesOut: 10,
      framesDropped: 0,
      packetsLost: 0,
      keyframesNeeded: 0,
    });
    expect(assembler.needKeyframe).toBe(false);
  });

  it('holds a picture back until the next one gives its duration', () => {
    const assembler = new H264TrackAssembler(new StreamTimeline());
    const packets = toRtpPackets(pictures.slice(0, 2));
    const out = packets.flatMap((p) => assembler.push(p, 0));
    expect(out).toHaveLength(1);
    expect(out[0]?.duration).toBe(3000);
  });

  it('after a loss, stretches the last good picture over the gap and reports the keyframe need', () => {
    const assembler = new H264TrackAssembler(new StreamTimeline());
    const packets = toRtpPackets([...pictures, ...pictures]);
    const fragment = packets.find((p) => p.timestamp === 90000 + 5 * 3000 && (p.payload[0] ?? 0) % 32 === 28);
    const units = feed(
      assembler,
      packets.filter((p) => p !== fragment),
      90000,
    );
    expect(units.map((u) => u.dts / 3000)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(units[4]?.duration).toBe(6 * 3000);
    expect(units[5]?.keyframe).toBe(true);
    expect(assembler.counters).toEqual({
      framesOut: 15,
      framesDropped: 5,
      packetsLost: 1,
      keyframesNeeded: 1,
    });
  });

  it('asks for a keyframe until it has one it can package', () => {
    const assembler = new H264TrackAssembler(new StreamTimeline());
    expect(assembler.needKeyframe).toBe(true);
    feed(assembler, toRtpPackets(pictures.slice(0, 1)), 90000);
    expect(assembler.needKeyframe).toBe(false);
  });
});

describe('OpusTrackAssembler', () => {
  it('emits one unit per packet with its TOC duration, the config on the first only', () => {
    const assembler = new OpusTrackAssembler(new StreamTimeline());
    const packets: RtpPacket[] = Array.from({ length: 5 }, (_, i) => ({
      payloadType: 111,
      sequenceNumber: i,
      timestamp: 2 ** 32 - 1920 + i * 960,
      marker: false,
      ssrc: 1,
      payload: Uint8Array.of(0xf8, i),
    }));
    const units = feed(assembler, packets, 48000);
    expect(units.map((u) => [u.dts, u.duration, u.keyframe])).toEqual(
      units.map((_, i) => [i * 960, 960, true]),
    );
    expect(units[0]?.config).toEqual({
      kind: 'audio',
      timescale: 48000,
      codec: 'opus',
      sampleRate: 48000,
      channelCount: 2,
    });
    expect(units.slice(1).some((u) => u.config)).toBe(false);
  });
});

describe('audio and video on one stream', () => {
  it('share the stream timeline, aligned by sender reports', () => {
    const stream = new StreamTimeline();
    const videoTrack = new H264TrackAssembler(stream);
    const audioTrack = new OpusTrackAssembler(stream);
    // RTP 0 is the same capture instant on both clocks; video arrives 50 ms after audio.
    const video = toRtpPackets([...pictures, ...pictures, ...pictures, ...pictures], { firstTimestamp: 0 });
    const audio: RtpPacket[] = Array.from({ length: 67 }, (_, i) => ({
      payloadType: 111,
      sequenceNumber: i,
      timestamp: i * 960,
      marker: false,
      ssrc: 2,
      payload: Uint8Array.of(0xf8),
    }));
    const ntp: [number, number] = [3_900_000_000, 0];
    videoTrack.onSenderReport({ ntpTime: ntp, rtpTimestamp: 0 });
    audioTrack.onSenderReport({ ntpTime: ntp, rtpTimestamp: 0 });
    const arrivals = [
      ...video.map((packet) => ({ packet, track: videoTrack, at: 1050 + packet.timestamp / 90 })),
      ...audio.map((packet) => ({ packet, track: audioTrack, at: 1000 + packet.timestamp / 48 })),
    ].sort((a, b) => a.at - b.at);
    const units = [
      ...arrivals.flatMap(({ packet, track, at }) => track.push(packet, at)),
      ...videoTrack.flush(),
    ];
    const byCapture = (kind: 'video' | 'audio', clock: number) =>
      new Map(
        units
          .filter((u) => u.kind === kind)
          .map((u, i) => [Math.round((i * (kind === 'video' ? 3000 : 960) * 1000) / clock), u]),
      );
    const videoAt = byCapture('video', 90000);
    const audioAt = byCapture('audio', 48000);
    expect(audioAt.get(0)?.streamMs).toBe(0);
    expect(videoAt.get(0)?.streamMs).toBe(50);
    // Audio slews forward onto video (5 % of media time: 50 ms within 1 s), then both agree.
    for (let capture = 1100; capture <= 1300; capture += 100) {
      const v = videoAt.get(capture)?.streamMs ?? NaN;
      const a = audioAt.get(capture)?.streamMs ?? NaN;
      expect(Math.abs(v - a)).toBeLessThan(1);
    }
  });
});
