import type { SourceInfo } from '@brume/protocol';

const PROTOCOL = { hls: 'hls', dash: 'dash', mp4: 'mp4' } as const;

/** A plain URL as a source (what the core makes of `sources: [{url}]`). */
export function urlSource(url: string, kind: keyof typeof PROTOCOL): SourceInfo {
  return { protocol: PROTOCOL[kind], url, mime: '', priority: 0, lowLatency: false, tracks: [] };
}
