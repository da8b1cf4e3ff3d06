/// <reference types="chromecast-caf-sender" />
import type { SourceInfo, StreamInfo } from '@brume/protocol';
import type { CastSdk } from './cast-sdk-loader';

/** What to ask a receiver to play, before it becomes SDK objects (pure, so it is unit-tested). */
export interface CastMedia {
  /** Absolute: the receiver is another device, it cannot resolve the page's relative URLs. */
  url: string;
  contentType: 'application/vnd.apple.mpegurl' | 'application/dash+xml';
  live: boolean;
  /** Where a VoD starts (s); live starts at the receiver's live edge. */
  currentTime: number | undefined;
  title: string;
  poster: string | undefined;
  /** The subtitle language or label showing locally, to pick the receiver's matching track. */
  subtitle: { lang: string | undefined; label: string } | undefined;
}

/**
 * Receivers play HTTP streaming only: the Default Media Receiver takes HLS and DASH (CMAF), never
 * WebRTC or Brume's WebSocket, so a page watching over WHEP casts the same stream's LL-HLS. HLS
 * first: it is the receiver's best-tested path (and LL-HLS is played as ordinary HLS there).
 */
const CASTABLE: readonly { protocol: SourceInfo['protocol']; contentType: CastMedia['contentType'] }[] = [
  { protocol: 'll-hls', contentType: 'application/vnd.apple.mpegurl' },
  { protocol: 'hls', contentType: 'application/vnd.apple.mpegurl' },
  { protocol: 'll-dash', contentType: 'application/dash+xml' },
  { protocol: 'dash', contentType: 'application/dash+xml' },
];

export interface CastMediaInput {
  info: StreamInfo;
  server: string;
  live: boolean;
  currentTime: number;
  poster: string;
  subtitle: CastMedia['subtitle'];
}

/** The media to cast, or `undefined` when the stream offers nothing a receiver can play. */
export function castMediaFor(input: CastMediaInput): CastMedia | undefined {
  for (const { protocol, contentType } of CASTABLE) {
    const source = input.info.sources.find((s) => s.protocol === protocol);
    if (!source) continue;
    return {
      url: new URL(source.url, input.server).href,
      contentType,
      live: input.live,
      currentTime: !input.live && input.currentTime > 0 ? input.currentTime : undefined,
      title: input.info.name,
      poster: input.poster ? new URL(input.poster, input.server).href : undefined,
      subtitle: input.subtitle,
    };
  }
  return undefined;
}

/** The SDK's load request for `media`, as the Cast reference describes `LoadRequest`/`MediaInfo`. */
export function loadRequestFor(sdk: CastSdk, media: CastMedia): chrome.cast.media.LoadRequest {
  const { chromeCast } = sdk;
  const info = new chromeCast.media.MediaInfo(media.url, media.contentType);
  info.streamType = media.live ? chromeCast.media.StreamType.LIVE : chromeCast.media.StreamType.BUFFERED;
  const metadata = new chromeCast.media.GenericMediaMetadata();
  metadata.metadataType = chromeCast.media.MetadataType.GENERIC;
  metadata.title = media.title;
  if (media.poster) metadata.images = [new chromeCast.Image(media.poster)];
  info.metadata = metadata;
  const request = new chromeCast.media.LoadRequest(info);
  request.autoplay = true;
  if (media.currentTime !== undefined) request.currentTime = media.currentTime;
  return request;
}

/**
 * The receiver's text track matching what showed locally (same language, else same name): the
 * receiver lists an HLS/DASH stream's subtitle renditions itself once it has loaded the manifest,
 * under its own track ids, so the match is made on what it reports.
 */
export function matchTextTrack(
  sdk: CastSdk,
  tracks: readonly chrome.cast.media.Track[] | null | undefined,
  subtitle: CastMedia['subtitle'],
): number | undefined {
  if (!subtitle || !tracks) return undefined;
  const text = tracks.filter((t) => t.type === sdk.chromeCast.media.TrackType.TEXT);
  const byLang = subtitle.lang ? text.find((t) => t.language === subtitle.lang) : undefined;
  return (byLang ?? text.find((t) => t.name === subtitle.label))?.trackId;
}
