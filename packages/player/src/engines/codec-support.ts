import type { SourceInfo, StreamInfo } from '@brume/protocol';
import type { CanPlay, EngineEnv } from './types';

/**
 * The MSE mime type of a source's media tracks (`video/mp4; codecs="avc1.42e01f,opus"`), or
 * `undefined` when the info does not say (a plain URL source: the library finds out itself).
 */
export function mp4MimeOf(source: SourceInfo, info: StreamInfo | undefined): string | undefined {
  if (!info) return undefined;
  const carried = source.tracks.length ? new Set(source.tracks) : undefined;
  const codecs = info.tracks
    .filter((t) => (t.kind === 'video' || t.kind === 'audio') && (!carried || carried.has(t.id)))
    .map((t) => t.codec);
  return codecs.length ? `video/mp4; codecs="${codecs.join(',')}"` : undefined;
}

/** The common verdict of engines that need MSE and the stream's codecs in it. */
export function mseVerdict(
  engine: string,
  source: SourceInfo,
  env: EngineEnv,
  info: StreamInfo | undefined,
  score: number,
): CanPlay {
  if (!env.mediaSource) return { ok: false, reason: `${engine} needs Media Source Extensions` };
  const mime = mp4MimeOf(source, info);
  if (mime && !env.isTypeSupported(mime)) {
    return { ok: false, reason: `this browser's MSE cannot play ${mime}` };
  }
  return { ok: true, score };
}

export function isHls(source: SourceInfo): boolean {
  return source.protocol === 'hls' || source.protocol === 'll-hls';
}

export function isDash(source: SourceInfo): boolean {
  return source.protocol === 'dash' || source.protocol === 'll-dash';
}
