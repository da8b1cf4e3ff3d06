import { seiTimecodeNal } from '@brume/protocol';
import { groupPictures, splitAnnexB } from '../media/testing/h264-rtp-packetizer';
import { H264, OPUS_SILENCE, packetizeNals } from './test-media';
import { rtp, type TestPublisher } from './werift-client';

/**
 * The H.264 fixture at 15 fps and Opus every 20 ms, like `startMedia`, with a Brume SEI timecode
 * (the send time, µs since the epoch) before every picture, as `brume publish` stamps them: what
 * the swarm's latency figures read.
 */
export function startTimecodedMedia(publisher: TestPublisher): { stop(): void } {
  const units = groupPictures(splitAnnexB(H264));
  let frame = 0;
  let videoSeq = 1000;
  let audioSeq = 5000;
  let audioTs = 0;
  const video = setInterval(() => {
    const unit = units[frame % units.length] ?? [];
    const packets = packetizeNals([seiTimecodeNal(Date.now() * 1000), ...unit]);
    packets.forEach((payload, i) => {
      publisher.video.writeRtp(rtp(payload, videoSeq++ & 0xffff, frame * 6000, i === packets.length - 1));
    });
    frame++;
  }, 66);
  const audio = setInterval(() => {
    publisher.audio.writeRtp(rtp(OPUS_SILENCE, audioSeq++ & 0xffff, (audioTs += 960), true));
  }, 20);
  return {
    stop: () => {
      clearInterval(video);
      clearInterval(audio);
    },
  };
}
