import { readFileSync } from 'node:fs';
import { fuA } from '../load/h264-packetizer';
import { groupPictures, splitAnnexB } from '../media/testing/h264-rtp-packetizer';
import { rtp, type TestPublisher } from './werift-client';

/** 2 s of 320x180 constrained-baseline H.264 at 15 fps, keyframe every second, SPS/PPS repeated. */
export const H264 = readFileSync(
  new URL('../webrtc/fixtures/testsrc-320x180-baseline.h264', import.meta.url),
);
/** An Opus frame of 20 ms digital silence (TOC 0xf8: CELT FB 20 ms, mono). */
export const OPUS_SILENCE = Uint8Array.from([0xf8, 0xff, 0xfe]);

/** Sends the H.264 file in a loop at 15 fps and Opus every 20 ms, like a live encoder. */
export function startMedia(publisher: TestPublisher): { stop(): void; payloads: Set<string> } {
  const units = groupPictures(splitAnnexB(H264));
  const payloads = new Set<string>();
  let frame = 0;
  let videoSeq = 1000;
  let audioSeq = 5000;
  let audioTs = 0;
  const video = setInterval(() => {
    const unit = units[frame % units.length] ?? [];
    const packets = packetizeNals(unit);
    packets.forEach((payload, i) => {
      payloads.add(Buffer.from(payload).toString('hex'));
      publisher.video.writeRtp(rtp(payload, videoSeq++ & 0xffff, frame * 6000, i === packets.length - 1));
    });
    frame++;
  }, 66);
  const audio = setInterval(() => {
    publisher.audio.writeRtp(rtp(OPUS_SILENCE, audioSeq++ & 0xffff, (audioTs += 960), true));
  }, 20);
  return {
    payloads,
    stop: () => {
      clearInterval(video);
      clearInterval(audio);
    },
  };
}

/**
 * Single NAL unit packets, and FU-A over 1100 bytes (1102 with the FU header); no STAP-A: the packet
 * shape the WebRTC integration tests were written against (SPS and PPS each in a packet of its own).
 */
/** One picture's NAL units as RTP payloads, as `startMedia` sends them (single NAL or FU-A). */
export function packetizeNals(unit: Uint8Array[]): Uint8Array[] {
  return unit.flatMap((nal) => (nal.length <= 1100 ? [nal] : fuA(nal, 1102)));
}
