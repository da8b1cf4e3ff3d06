import { decimal, HLS_VERSION, quoted, uriLine } from './media-playlist';

/** What the variant says about its video; a video `RenditionSnapshot` fits. */
export interface VideoVariantInfo {
  /** RFC 6381, e.g. `avc1.42e01f`. */
  codec: string;
  /** Peak bits per second. */
  bandwidth: number;
  width?: number;
  height?: number;
  fps?: number;
}

/** What the audio rendition says; an audio `RenditionSnapshot` fits. */
export interface AudioRenditionInfo {
  /** `opus` (written `Opus`) or another RFC 6381 string. */
  codec: string;
  bandwidth: number;
  channels?: number;
}

export type MultivariantOptions = { video: VideoVariantInfo; videoUri: string } & (
  { audio?: undefined; audioUri?: undefined } | { audio: AudioRenditionInfo; audioUri: string }
);

const AUDIO_GROUP = 'audio';

/**
 * The multivariant playlist: one variant (the video media playlist) and, if there is audio, one
 * `EXT-X-MEDIA` audio rendition it plays with. Each rendition is its own single-track CMAF stream.
 */
export function multivariantPlaylist(options: MultivariantOptions): string {
  const { video, audio } = options;
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${HLS_VERSION}`];
  if (audio) {
    const channels = audio.channels === undefined ? '' : `,CHANNELS=${quoted(String(audio.channels))}`;
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=${quoted(AUDIO_GROUP)},NAME=${quoted('Audio')},DEFAULT=YES,AUTOSELECT=YES` +
        `${channels},URI=${quoted(options.audioUri)}`,
    );
  }

  const codecs = [video.codec, ...(audio ? [hlsCodec(audio.codec)] : [])].join(',');
  const attributes = [
    `BANDWIDTH=${bandwidth(video.bandwidth + (audio?.bandwidth ?? 0))}`,
    `CODECS=${quoted(codecs)}`,
  ];
  if (video.width !== undefined && video.height !== undefined) {
    attributes.push(`RESOLUTION=${dimension(video.width)}x${dimension(video.height)}`);
  }
  if (video.fps !== undefined) attributes.push(`FRAME-RATE=${decimal(video.fps)}`);
  if (audio) attributes.push(`AUDIO=${quoted(AUDIO_GROUP)}`);
  lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, uriLine(options.videoUri));
  return lines.join('\n') + '\n';
}

/**
 * Opus is written `Opus`, its MP4 sample entry name (MP4RA, RFC 6381): Safari's MSE and native
 * player accept only that spelling in MP4. hls.js maps either spelling to whichever
 * `MediaSource.isTypeSupported` accepts (`getCodecCompatibleName`), so Chromium still gets `opus`.
 */
function hlsCodec(codec: string): string {
  return codec.toLowerCase() === 'opus' ? 'Opus' : codec;
}

function bandwidth(bitsPerSecond: number): number {
  if (!Number.isFinite(bitsPerSecond) || bitsPerSecond <= 0) {
    throw new RangeError(`BANDWIDTH must be > 0 bit/s, got ${bitsPerSecond}`);
  }
  return Math.ceil(bitsPerSecond);
}

function dimension(pixels: number): number {
  if (!Number.isInteger(pixels) || pixels <= 0)
    throw new RangeError(`RESOLUTION needs whole pixels, got ${pixels}`);
  return pixels;
}
