import { VIDEO_CODECS, type VideoCodec } from '@brume/studio';
import { START_TEMPLATES, type StartTemplate } from './start-templates';

/**
 * What the page URL can preset: `/studio/?stream=NAME&source=pattern|camera|screen&codec=h264|vp8|vp9|av1&autostart=1`.
 * `source` starts a fresh one-scene collection of that kind (ignoring the saved scenes).
 */
export interface StudioUrlParams {
  stream?: string;
  source?: StartTemplate;
  codec?: VideoCodec;
  autostart: boolean;
}

export function readUrlParams(search: string): StudioUrlParams {
  const params = new URLSearchParams(search);
  const stream = params.get('stream') ?? undefined;
  const source = START_TEMPLATES.find((t) => t === params.get('source'));
  const autostart = params.get('autostart');
  const codec = VIDEO_CODECS.find((c) => c === params.get('codec'));
  return {
    ...(stream ? { stream } : {}),
    ...(source ? { source } : {}),
    ...(codec ? { codec } : {}),
    autostart: autostart === '1' || autostart === 'true',
  };
}

/**
 * The URL to share for the current setup (no autostart, no source: a shared link should neither go
 * live by itself nor replace the scenes). Keeps other parameters; the codec only when not the default.
 */
export function writeUrlParams(search: string, stream: string, codec: VideoCodec): string {
  const params = new URLSearchParams(search);
  params.set('stream', stream);
  if (codec === 'h264') params.delete('codec');
  else params.set('codec', codec);
  params.delete('autostart');
  params.delete('source');
  return `?${params.toString()}`;
}

/** A name for a fresh studio, so Go Live works without typing. */
export function randomStreamName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `studio-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
