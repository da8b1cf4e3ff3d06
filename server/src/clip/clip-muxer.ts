import {
  BufferTarget,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedVideoPacketSource,
  MkvOutputFormat,
  Mp4OutputFormat,
  Output,
} from 'mediabunny';
import type { AccessUnit, TrackConfig } from '../media/access-unit';
import { TsMuxer } from '../ts/ts-muxer';
import type { ClipCut } from './clip-cut';

export type ClipFormat = 'mp4' | 'ts' | 'mkv';

export const CLIP_CONTENT_TYPES: Record<ClipFormat, string> = {
  mp4: 'video/mp4',
  ts: 'video/mp2t',
  mkv: 'video/x-matroska',
};

const VIDEO_CLOCK = 90000;
const AUDIO_CLOCK = 48000;
/** A last picture has no next one to take its duration from: one frame at 30 fps. */
const FALLBACK_FRAME_TICKS = 3000;

/**
 * Muxes a clip's units, unchanged, into one file in memory (a clip is bounded by `maxClipMs`, and
 * MP4 faststart and Matroska's duration and cues are written at the end, before the start):
 * - `mp4`: non-fragmented MP4 with `moov` first (mediabunny `fastStart: 'in-memory'`), H.264 + Opus;
 * - `mkv`: Matroska with duration and cues, H.264 + Opus;
 * - `ts`: MPEG-TS with **H.264 only**, as `/:name.ts` (mediabunny's TS muxer takes no Opus and
 *   nothing is transcoded), through the same `TsMuxer`, so PTS is stream time.
 * MP4 and Matroska timestamps start at 0 at the clip's first keyframe (a file, not a live edge).
 */
export async function muxClip(
  format: ClipFormat,
  cut: ClipCut,
  audio: (TrackConfig & { kind: 'audio' }) | undefined,
): Promise<Uint8Array> {
  return format === 'ts' ? muxTs(cut) : muxContainer(format, cut, audio);
}

async function muxTs(cut: ClipCut): Promise<Uint8Array> {
  const muxer = new TsMuxer(cut.video);
  const parts: Uint8Array[] = [];
  for (const unit of cut.units) if (unit.kind === 'video') parts.push(await muxer.push(unit));
  parts.push(await muxer.finish());
  return Buffer.concat(parts);
}

async function muxContainer(
  format: 'mp4' | 'mkv',
  cut: ClipCut,
  audioConfig: (TrackConfig & { kind: 'audio' }) | undefined,
): Promise<Uint8Array> {
  const target = new BufferTarget();
  const output = new Output({
    format: format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new MkvOutputFormat(),
    target,
  });
  const video = new EncodedVideoPacketSource('avc');
  output.addVideoTrack(video);
  const hasAudio = audioConfig !== undefined && cut.units.some((unit) => unit.kind === 'audio');
  const audio = hasAudio ? new EncodedAudioPacketSource('opus') : undefined;
  if (audio) output.addAudioTrack(audio);
  await output.start();

  const base = (cut.units[0]?.dts ?? 0) / VIDEO_CLOCK;
  const { codec, width, height, avcC } = cut.video;
  let videoMeta: Parameters<EncodedVideoPacketSource['add']>[1] = {
    decoderConfig: { codec, codedWidth: width, codedHeight: height, description: avcC },
  };
  let audioMeta: Parameters<EncodedAudioPacketSource['add']>[1] = audioConfig && {
    decoderConfig: {
      codec: 'opus',
      numberOfChannels: audioConfig.channelCount,
      sampleRate: AUDIO_CLOCK,
      description: opusHead(audioConfig.channelCount),
    },
  };
  let lastVideoTicks = FALLBACK_FRAME_TICKS;
  let lastAudioDts = -Infinity;
  for (const unit of cut.units) {
    if (unit.kind === 'video') {
      lastVideoTicks = unit.duration ?? lastVideoTicks;
      await video.add(packet(unit, unit.dts / VIDEO_CLOCK - base, lastVideoTicks / VIDEO_CLOCK), videoMeta);
      videoMeta = undefined;
    } else if (audio && unit.dts > lastAudioDts && unit.dts / AUDIO_CLOCK >= base) {
      // Audio in arrival order may repeat or step back a packet across a jitter-buffer seam, and
      // `streamMs` is rounded: nothing may go before the first picture's time 0.
      lastAudioDts = unit.dts;
      const duration = (unit.duration ?? 960) / AUDIO_CLOCK;
      await audio.add(packet(unit, unit.dts / AUDIO_CLOCK - base, duration), audioMeta);
      audioMeta = undefined;
    }
  }
  await output.finalize();
  if (!target.buffer) throw new Error('mediabunny produced no clip file');
  return new Uint8Array(target.buffer);
}

function packet(unit: AccessUnit, timestamp: number, duration: number): EncodedPacket {
  return new EncodedPacket(unit.data, unit.keyframe ? 'key' : 'delta', timestamp, duration);
}

/**
 * RFC 7845 §5.1 identification header with no pre-skip: WebRTC Opus starts mid-stream, with no
 * encoder delay to trim (mediabunny would otherwise assume 80 ms and cut the clip's first audio).
 */
function opusHead(channels: number): Uint8Array {
  const head = new Uint8Array(19);
  head.set(new TextEncoder().encode('OpusHead'));
  const view = new DataView(head.buffer);
  view.setUint8(8, 1);
  view.setUint8(9, channels);
  view.setUint16(10, 0, true);
  view.setUint32(12, AUDIO_CLOCK, true);
  view.setInt16(16, 0, true);
  view.setUint8(18, 0);
  return head;
}
