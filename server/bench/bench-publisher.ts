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
  const stop = sendMedia(publisher, bitrate);
  return {
    close: async () => {
      stop();
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

function sendMedia(publisher: ReturnType<typeof createPublisher>, bitrate: number): () => void {
  const pictures = paddedPictures(Math.round(bitrate / 8 / FPS));
  const payloads = pictures.map((picture) => picture.flatMap((nal) => packetizePicture([nal], MTU)));
  let frame = 0;
  let videoSeq = 1000;
  let audioSeq = 5000;
  const started = Date.now();
  // One tick per picture, on the clock: the interval's drift would lower the bitrate.
  const video = setInterval(() => {
    while (frame < ((Date.now() - started) * FPS) / 1000) {
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
      });
      frame++;
    }
  }, 5);
  const audio = setInterval(() => {
    const header = new RtpHeader({
      payloadType: 111,
      sequenceNumber: audioSeq++ & 0xffff,
      timestamp: (audioSeq * 960) >>> 0,
      marker: true,
      ssrc: 2,
    });
    publisher.audio.writeRtp(new RtpPacket(header, Buffer.from(OPUS_SILENCE)));
  }, 20);
  return () => {
    clearInterval(video);
    clearInterval(audio);
  };
}
