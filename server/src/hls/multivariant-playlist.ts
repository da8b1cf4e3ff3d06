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

/** A WebVTT subtitle rendition (one `subtitle` metadata track). */
export interface SubtitleRenditionInfo {
  /** `NAME`: what a subtitle menu shows (the track's label, else its name); unique in the group. */
  name: string;
  /** `LANGUAGE`, an RFC 5646 tag (`en`, `pt-BR`): players pick a rendition by it. */
  language?: string;
  /** Shown without the viewer asking (`DEFAULT=YES`); at most one. */
  default?: boolean;
  /** Its subtitle media playlist. */
  uri: string;
}

export type MultivariantOptions = {
  video: VideoVariantInfo;
  videoUri: string;
  /** One `EXT-X-MEDIA:TYPE=SUBTITLES` each, all in one group that the variant names. */
  subtitles?: readonly SubtitleRenditionInfo[];
} & ({ audio?: undefined; audioUri?: undefined } | { audio: AudioRenditionInfo; audioUri: string });

const AUDIO_GROUP = 'audio';
const SUBTITLE_GROUP = 'subs';

/**
 * The multivariant playlist: one variant (the video media playlist), and the `EXT-X-MEDIA`
 * renditions it plays with: the audio one, if there is audio, and one per subtitle track. Each audio
 * or video rendition is its own single-track CMAF stream; subtitles are WebVTT.
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

  const subtitles = options.subtitles ?? [];
  checkSubtitles(subtitles);
  for (const track of subtitles) {
    // AUTOSELECT=YES: a player may choose it by the user's language preferences (RFC 8216bis
    // §4.4.6.1; DEFAULT=YES requires it). No CODECS entry for WebVTT: the variant's CODECS lists
    // the codecs a client must decode, and hls.js and Shaka read text renditions without one.
    lines.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=${quoted(SUBTITLE_GROUP)},NAME=${quoted(track.name)}` +
        (track.language === undefined ? '' : `,LANGUAGE=${quoted(track.language)}`) +
        `,DEFAULT=${track.default ? 'YES' : 'NO'},AUTOSELECT=YES,URI=${quoted(track.uri)}`,
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
  if (subtitles.length > 0) attributes.push(`SUBTITLES=${quoted(SUBTITLE_GROUP)}`);
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

/** RFC 8216bis §4.4.6.1.1: NAME unique in a group, at most one DEFAULT=YES, LANGUAGE a language tag. */
function checkSubtitles(subtitles: readonly SubtitleRenditionInfo[]): void {
  const names = new Set<string>();
  for (const track of subtitles) {
    if (names.has(track.name))
      throw new RangeError(`two subtitle renditions are named ${JSON.stringify(track.name)}`);
    names.add(track.name);
    if (track.language !== undefined && !/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(track.language)) {
      throw new RangeError(`subtitle LANGUAGE ${JSON.stringify(track.language)} is not an RFC 5646 tag`);
    }
  }
  if (subtitles.filter((track) => track.default).length > 1) {
    throw new RangeError('at most one subtitle rendition can be DEFAULT=YES');
  }
}
