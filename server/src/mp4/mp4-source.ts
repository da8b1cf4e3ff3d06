import type { SourceInfo } from '@brume/protocol';
import type { Stream } from '../stream/stream';

/**
 * The progressive fragmented MP4 of a live H.264 stream (`/NAME.mp4`): plays in a plain
 * `<video src>`, so it is the fallback of last resort; VP8 streams have none.
 */
export function mp4Sources(stream: Stream, baseUrl: string): SourceInfo[] {
  const media = stream.tracks.filter((track) => track.kind === 'video' || track.kind === 'audio');
  if (!media.some((track) => track.kind === 'video' && track.codec.startsWith('avc1.'))) return [];
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
