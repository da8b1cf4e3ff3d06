import type { SourceInfo } from '@brume/protocol';
import { h264Media } from '../mp4/mp4-source';
import type { Stream } from '../stream/stream';

/**
 * LL-HLS and LL-DASH of a live H.264 stream. Below WebSocket (their latency is a second or so,
 * not a few hundred ms), above the progressive files: they survive CDNs, seek in the DVR window
 * and play natively on Apple devices.
 */
export function segmentSources(stream: Stream, baseUrl: string): SourceInfo[] {
  const media = h264Media(stream);
  if (!media) return [];
  const tracks = media.map((track) => track.id);
  return [
    {
      protocol: 'll-hls',
      url: `${baseUrl}/hls/${stream.name}/index.m3u8`,
      mime: 'application/vnd.apple.mpegurl',
      priority: 40,
      lowLatency: true,
      tracks,
    },
    {
      protocol: 'll-dash',
      url: `${baseUrl}/dash/${stream.name}/index.mpd`,
      mime: 'application/dash+xml',
      priority: 30,
      lowLatency: true,
      tracks,
    },
  ];
}
