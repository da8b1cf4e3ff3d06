/**
 * The benches' WHIP publisher (werift, in the calling process): the H.264 fixture's pictures padded
 * with filler NAL units to a bitrate at 30 fps, plus Opus silence at 50 packets/s. The same media
 * as `whep-fanout.ts` sends, so relay figures from different benches share an ingest cost.
 */
import { RtpHeader, RtpPacket } from 'werift';
import { packetizePicture } from '../src/load/h264-packetizer';
import { groupPictures, splitAnnexB } from '../src/media/testing/h264-rtp-packetizer';
import { H264, OPUS_SILENCE } from '../src/testing/test-media';
import { createPublisher, fullOffer, postOffer, waitFor } from '../src/testing/werift-client';

const FPS = 30;
const MTU = 1180;

export interface BenchPublisher {
  /** Packets (and video bytes, headers included) sent so far. */
  sent(): { video: number; audio: number; videoBytes: number };
  /** Holds the media; the pictures due meanwhile go out at once when it resumes. */
  pause(on: boolean): void;
  /** Stops sending and closes the peer connection. */
  close(): Promise<void>;
}

/** Publishes `stream` to the relay at `base` (WHIP) and starts sending at `bitrate` bit/s. */
export async function startBenchPublisher(
  base: string,
  stream: string,
  bitrate: number,
): Promise<BenchPublisher> {
  const publisher = createPublisher();
  try {
    const whip = await postOffer(`${base}/whip/${stream}`, await fullOffer(publisher.pc));
    if (whip.status !== 201) throw new Error(`WHIP POST: ${whip.status} ${whip.body}`);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 10_000, 'publisher connected');
  } catch (error) {
    await publisher.pc.close();
    throw error;
  }
  const media = sendMedia(publisher, bitrate);
  return {
    sent: media.sent,
    pause: media.pause,
    close: async () => {
      media.stop();
      await publisher.pc.close();
    },
  };
}

/** The fixture's pictures, each padded with a filler NAL unit (type 12) to `bytes`. */
function paddedPictures(bytes: number): Uint8Array[][] {
  return groupPictures(splitAnnexB(H264)).map((unit) => {
    const size = unit.reduce((sum, nal) => sum + nal.length, 0);
    const fill = Math.max(2, bytes - size);
    const filler = new Uint8Array(fill).fill(0xff);
    filler[0] = 12; // nal_unit_type 12, filler data; decoders skip it.
    filler[fill - 1] = 0x80; // rbsp_trailing_bits
    return [...unit, filler];
  });
}

function sendMedia(publisher: ReturnType<typeof createPublisher>, bitrate: number) {
  const pictures = paddedPictures(Math.round(bitrate / 8 / FPS));
  const payloads = pictures.map((picture) => picture.flatMap((nal) => packetizePicture([nal], MTU)));
  let frame = 0;
  let videoSeq = 1000;
  let audioSeq = 5000;
  let sentVideo = 0;
  let sentAudio = 0;
  let videoBytes = 0;
  let paused = false;
  const started = Date.now();
  // One tick per picture, on the clock: the interval's drift would lower the bitrate.
  const video = setInterval(() => {
    while (!paused && frame < ((Date.now() - started) * FPS) / 1000) {
      const packets = payloads[frame % payloads.length] ?? [];
      packets.forEach((payload, i) => {
        const header = new RtpHeader({
          payloadType: 96,
          sequenceNumber: videoSeq++ & 0xffff,
          timestamp: (frame * 3000) >>> 0,
          marker: i === packets.length - 1,
          ssrc: 1,
        });
        publisher.video.writeRtp(new RtpPacket(header, Buffer.from(payload)));
        sentVideo++;
        videoBytes += payload.length + 12;
      });
      frame++;
    }
  }, 5);
  const audio = setInterval(() => {
    if (paused) return;
    const header = new RtpHeader({
      payloadType: 111,
      sequenceNumber: audioSeq++ & 0xffff,
      timestamp: (audioSeq * 960) >>> 0,
      marker: true,
      ssrc: 2,
    });
    publisher.audio.writeRtp(new RtpPacket(header, Buffer.from(OPUS_SILENCE)));
    sentAudio++;
  }, 20);
  return {
    sent: () => ({ video: sentVideo, audio: sentAudio, videoBytes }),
    pause: (on: boolean) => {
      paused = on;
    },
    stop: () => {
      clearInterval(video);
      clearInterval(audio);
    },
  };
}
