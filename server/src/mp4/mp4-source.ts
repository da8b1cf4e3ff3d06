import type { SourceInfo } from '@brume/protocol';
import type { Stream } from '../stream/stream';

/**
 * The progressive fragmented MP4 of a live H.264 stream (`/NAME.mp4`): plays in a plain
 * `<video src>`, so it is the fallback of last resort; VP8 streams have none.
 */
export function mp4Sources(stream: Stream, baseUrl: string): SourceInfo[] {
  const media = h264Media(stream);
  if (!media) return [];
  return [
    {
      protocol: 'mp4',
      url: `${baseUrl}/${stream.name}.mp4`,
      mime: 'video/mp4',
      priority: 10,
      lowLatency: false,
      tracks: media.map((track) => track.id),
    },
  ];
}

/**
 * The same fragments over WebSocket (`/ws/NAME`, played through MSE): no file to buffer before
 * playback starts, so it is low latency, ranked between WHEP and the progressive file.
 */
export function wsMp4Sources(stream: Stream, baseUrl: string): SourceInfo[] {
  const media = h264Media(stream);
  if (!media) return [];
  return [
    {
      protocol: 'ws-mp4',
      url: `${baseUrl.replace(/^http/, 'ws')}/ws/${stream.name}`,
      mime: 'video/mp4',
      priority: 50,
      lowLatency: true,
      tracks: media.map((track) => track.id),
    },
  ];
}

/** The stream's video and audio tracks when its video is H.264 (what an `avc1` MP4 can carry). */
export function h264Media(stream: Stream): Stream['tracks'] | undefined {
  const media = stream.tracks.filter((track) => track.kind === 'video' || track.kind === 'audio');
  return media.some((track) => track.kind === 'video' && track.codec.startsWith('avc1.')) ? media : undefined;
}
