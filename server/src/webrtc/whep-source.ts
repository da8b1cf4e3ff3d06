import type { SourceInfo } from '@brume/protocol';
import type { Stream } from '../stream/stream';

/** The WHEP source of a live stream: WebRTC carries every codec the relay ingests. */
export function whepSource(stream: Stream, baseUrl: string): SourceInfo {
  return {
    protocol: 'whep',
    url: `${baseUrl}/whep/${stream.name}`,
    mime: 'application/sdp',
    priority: 100,
    lowLatency: true,
    tracks: stream.tracks.map((track) => track.id),
  };
}
