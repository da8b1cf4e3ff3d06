import { EncodedPacketSink, FilePathSource, Input, MP4, type EncodedPacket } from 'mediabunny';
import { avcCodecString } from '../media/h264-parameter-sets';
import type { AccessUnit, TrackConfig } from '../media/access-unit';

/** A span of a recording file as access units, on the file's timeline (its publish's stream ms). */
export interface RecordingSpan {
  video: TrackConfig & { kind: 'video' };
  audio: (TrackConfig & { kind: 'audio' }) | undefined;
  /** Video from the key packet at or before `fromMs`, audio from there on, up to `toMs`. */
  units: AccessUnit[];
  /** Stream ms of the file's first sample (its first keyframe, at the file name's wall-clock time). */
  firstMs: number;
}

/**
 * Reads `[fromMs, toMs)` of a recording (ms after its first sample) back into access units, reading
 * only the fragments needed (mediabunny seeks by `moof`); samples come out as stored, AVCC and Opus,
 * so a clip is remuxed without transcoding. Undefined when the file has no H.264 track with an
 * `avcC` (not one of ours).
 */
export async function readRecordingSpan(
  file: string,
  fromMs: number,
  toMs: number,
): Promise<RecordingSpan | undefined> {
  const input = new Input({ source: new FilePathSource(file), formats: [MP4] });
  try {
    const videoTrack = await input.getPrimaryVideoTrack();
    const decoderConfig = await videoTrack?.getDecoderConfig();
    const avcC = decoderConfig?.description && toBytes(decoderConfig.description);
    const sets = avcC && parameterSets(avcC);
    if (!videoTrack || !avcC || !sets) return undefined;
    const firstMs = (await input.getFirstTimestamp()) * 1000;
    const video: TrackConfig & { kind: 'video' } = {
      kind: 'video',
      timescale: 90000,
      codec: avcCodecString(sets.sps),
      width: videoTrack.codedWidth,
      height: videoTrack.codedHeight,
      ...sets,
      avcC,
    };
    const fromS = (firstMs + fromMs) / 1000;
    const toS = (firstMs + toMs) / 1000;
    const units: AccessUnit[] = [];
    const videoSink = new EncodedPacketSink(videoTrack);
    const key = await videoSink.getKeyPacket(fromS);
    if (!key) return undefined;
    for await (const packet of videoSink.packets(key)) {
      if (packet.timestamp >= toS) break;
      units.push(unit('video', packet, 90000));
    }
    const audioTrack = await input.getPrimaryAudioTrack();
    const audioConfig = await audioTrack?.getDecoderConfig();
    const audio: (TrackConfig & { kind: 'audio' }) | undefined =
      audioTrack && audioConfig?.codec === 'opus'
        ? {
            kind: 'audio',
            timescale: 48000,
            codec: 'opus',
            sampleRate: 48000,
            channelCount: audioConfig.numberOfChannels,
          }
        : undefined;
    if (audioTrack && audio) {
      const audioSink = new EncodedPacketSink(audioTrack);
      const first = (await audioSink.getPacket(key.timestamp)) ?? (await audioSink.getFirstPacket());
      if (first) {
        for await (const packet of audioSink.packets(first)) {
          if (packet.timestamp >= toS) break;
          if (packet.timestamp >= key.timestamp) units.push(unit('audio', packet, 48000));
        }
      }
    }
    return { video, audio, units, firstMs };
  } finally {
    input.dispose();
  }
}

function unit(kind: AccessUnit['kind'], packet: EncodedPacket, clock: number): AccessUnit {
  return {
    kind,
    dts: Math.round(packet.timestamp * clock),
    cts: 0,
    duration: Math.round(packet.duration * clock),
    keyframe: packet.type === 'key',
    data: packet.data,
    streamMs: packet.timestamp * 1000,
  };
}

function toBytes(source: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source);
}

/** The first SPS and PPS of an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
function parameterSets(avcC: Uint8Array): { sps: Uint8Array; pps: Uint8Array } | undefined {
  const view = new DataView(avcC.buffer, avcC.byteOffset, avcC.byteLength);
  if (avcC.length < 8 || ((avcC[5] ?? 0) & 0x1f) < 1) return undefined;
  const spsLength = view.getUint16(6);
  const sps = avcC.subarray(8, 8 + spsLength);
  const ppsAt = 8 + spsLength;
  if (avcC.length < ppsAt + 3 || (avcC[ppsAt] ?? 0) < 1) return undefined;
  const ppsLength = view.getUint16(ppsAt + 1);
  const pps = avcC.subarray(ppsAt + 3, ppsAt + 3 + ppsLength);
  return sps.length === spsLength && pps.length === ppsLength ? { sps, pps } : undefined;
}
