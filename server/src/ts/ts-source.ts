import type { SourceInfo } from '@brume/protocol';
import type { Stream } from '../stream/stream';

/**
 * The progressive MPEG-TS of a live H.264 stream (`/NAME.ts`), for players and tools that want a
 * transport stream (VLC, ffmpeg, set-top boxes). Video only: a TS cannot carry the stream's Opus
 * here (see `TsMuxer`), so `tracks` lists the video track alone. Ranked below the `.mp4`, which
 * has the audio; VP8 streams have none.
 */
export function tsSources(stream: Stream, baseUrl: string): SourceInfo[] {
  const video = stream.tracks.find((track) => track.kind === 'video' && track.codec.startsWith('avc1.'));
  if (!video) return [];
  return [
    {
      protocol: 'ts',
      url: `${baseUrl}/${stream.name}.ts`,
      mime: 'video/mp2t',
      priority: 5,
      lowLatency: false,
      tracks: [video.id],
    },
  ];
}
