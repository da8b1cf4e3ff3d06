import { readFileSync } from 'node:fs';
import { accessUnits, packetizeH264, splitAnnexB } from './h264-annexb';
import { rtp, type TestPublisher } from './werift-client';

/** 2 s of 320x180 constrained-baseline H.264 at 15 fps, keyframe every second, SPS/PPS repeated. */
export const H264 = readFileSync(
  new URL('../webrtc/fixtures/testsrc-320x180-baseline.h264', import.meta.url),
);
/** An Opus frame of 20 ms digital silence (TOC 0xf8: CELT FB 20 ms, mono). */
export const OPUS_SILENCE = Uint8Array.from([0xf8, 0xff, 0xfe]);

/** Sends the H.264 file in a loop at 15 fps and Opus every 20 ms, like a live encoder. */
export function startMedia(publisher: TestPublisher): { stop(): void; payloads: Set<string> } {
  const units = accessUnits(splitAnnexB(H264));
  const payloads = new Set<string>();
  let frame = 0;
  let videoSeq = 1000;
  let audioSeq = 5000;
  let audioTs = 0;
  const video = setInterval(() => {
    const unit = units[frame % units.length] ?? [];
    const packets = packetizeH264(unit);
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
