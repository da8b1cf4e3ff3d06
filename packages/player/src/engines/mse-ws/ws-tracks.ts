import type { WsMediaTrack } from '@brume/protocol';
import type { EngineTracks, QualityLevel } from '../types';

/** The one video level: the stream's own video, with its audio. */
export const VIDEO_LEVEL = 'video';
/**
 * A pseudo level without video: the server then sends the audio alone (a few kB/s), for a viewer
 * on a bad link or one who only listens. Listed among the qualities because it is a bandwidth
 * choice, and a quality menu is where a viewer looks for one.
 */
export const AUDIO_ONLY_LEVEL = 'audio-only';

/** What the viewer asked for: `auto` (video + audio), the video level, or audio only. */
export type WsSelection = 'auto' | typeof VIDEO_LEVEL | typeof AUDIO_ONLY_LEVEL;

/** The stream's video and audio as the server described them (the latest init that had each). */
export interface KnownTracks {
  video?: WsMediaTrack;
  audio?: WsMediaTrack;
  /** The video's bitrate (bits/s) from the stream info, when it says. */
  videoBitrate?: number;
}

/** The `tracks` message a quality id asks for, or undefined for an unknown id. */
export function tracksFor(id: string): { video: boolean; audio: boolean } | undefined {
  if (id === 'auto' || id === VIDEO_LEVEL) return { video: true, audio: true };
  if (id === AUDIO_ONLY_LEVEL) return { video: false, audio: true };
  return undefined;
}

/**
 * The engine's tracks: the video level, plus `audio-only` when the stream has audio; `active`
 * is what the latest init segment carries. One audio track at most (the protocol has one).
 */
export function wsTracks(
  known: KnownTracks,
  selection: WsSelection,
  active: readonly WsMediaTrack[],
): EngineTracks {
  const qualities: QualityLevel[] = [];
  const { video, audio } = known;
  if (video) {
    qualities.push({
      id: VIDEO_LEVEL,
      width: video.width,
      height: video.height,
      codec: video.codec,
      bitrate: known.videoBitrate,
      label: videoLabel(video, known.videoBitrate),
    });
  }
  if (audio && video) qualities.push({ id: AUDIO_ONLY_LEVEL, codec: audio.codec, label: 'Audio only' });
  const hasVideo = active.some((t) => t.kind === 'video');
  const hasAudio = active.some((t) => t.kind === 'audio');
  return {
    qualities,
    quality: selection,
    activeQuality: active.length === 0 ? undefined : hasVideo ? VIDEO_LEVEL : AUDIO_ONLY_LEVEL,
    audio: audio ? [{ id: 'audio', label: audioLabel(audio) }] : [],
    audioId: hasAudio ? 'audio' : undefined,
    text: [],
  };
}

function videoLabel(video: WsMediaTrack, bitrate: number | undefined): string {
  const size = video.height ? `${video.height}p` : 'Video';
  return bitrate ? `${size} · ${(bitrate / 1e6).toFixed(1)} Mbps` : size;
}

function audioLabel(audio: WsMediaTrack): string {
  const name = audio.codec === 'opus' ? 'Opus' : audio.codec;
  if (audio.channels === 1) return `${name} mono`;
  if (audio.channels === 2) return `${name} stereo`;
  return audio.channels ? `${name} ${audio.channels} ch` : name;
}

/** `video/H264`-style names for the transport stats, as the WebRTC stats spell them. */
export function codecName(track: WsMediaTrack): string {
  const codec = track.codec.toLowerCase();
  if (codec.startsWith('avc1') || codec.startsWith('avc3')) return 'video/H264';
  if (codec.startsWith('hvc1') || codec.startsWith('hev1')) return 'video/H265';
  if (codec.startsWith('av01')) return 'video/AV1';
  if (codec.startsWith('vp09')) return 'video/VP9';
  if (codec === 'opus') return 'audio/opus';
  if (codec.startsWith('mp4a')) return 'audio/AAC';
  return `${track.kind}/${track.codec}`;
}
