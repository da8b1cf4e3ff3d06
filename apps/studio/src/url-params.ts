import { VIDEO_CODECS, type SourceKind, type VideoCodec } from '@brume/studio';

/** What the page URL can preset: `/studio/?stream=NAME&source=pattern|camera&codec=h264|vp8&autostart=1`. */
export interface StudioUrlParams {
  stream?: string;
  source?: SourceKind;
  codec?: VideoCodec;
  autostart: boolean;
}

export function readUrlParams(search: string): StudioUrlParams {
  const params = new URLSearchParams(search);
  const stream = params.get('stream') ?? undefined;
  const source = params.get('source');
  const autostart = params.get('autostart');
  const codec = VIDEO_CODECS.find((c) => c === params.get('codec'));
  return {
    ...(stream ? { stream } : {}),
    ...(source === 'camera' || source === 'pattern' ? { source } : {}),
    ...(codec ? { codec } : {}),
    autostart: autostart === '1' || autostart === 'true',
  };
}

/**
 * The URL to share for the current setup (no autostart: a shared link should not go live by itself).
 * Keeps any other parameters the page was opened with; the codec only when it is not the default.
 */
export function writeUrlParams(
  search: string,
  stream: string,
  source: SourceKind,
  codec: VideoCodec,
): string {
  const params = new URLSearchParams(search);
  params.set('stream', stream);
  params.set('source', source);
  if (codec === 'h264') params.delete('codec');
  else params.set('codec', codec);
  params.delete('autostart');
  return `?${params.toString()}`;
}

/** A name for a fresh studio, so Go Live works without typing. */
export function randomStreamName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `studio-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
