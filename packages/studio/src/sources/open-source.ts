import type { SourceEntry, SourceSpec } from '../scene/scene-types';
import { LiveCamera } from './live-camera';
import { LiveColor } from './live-color';
import { LiveGuest, type GuestOptions } from './live-guest';
import { LiveImage } from './live-image';
import { LiveMicrophone } from './live-microphone';
import { LivePattern, type PatternSize } from './live-pattern';
import { LiveScreen } from './live-screen';
import type { LiveSource } from './live-source';
import { LiveText } from './live-text';
import { LiveVideoFile } from './live-video-file';
import type { ResolveUrl } from './media-url';

export interface OpenSourceOptions {
  /** Turns an image's or video's `url` into a loadable URL or the file; needed for `blob-store:`. */
  resolveUrl?: ResolveUrl;
  /** The relay origin for guests whose spec names none; defaults to this page's origin. */
  server?: string;
  /** Output lines: text is rendered at this scale (its sizes are for 1080). Default 1080. */
  outputHeight?: number;
  /** The test pattern's size and rate. Default 1280×720 at 30 fps. */
  pattern?: PatternSize;
  /** WHEP token, retry and connection settings for guests. */
  guest?: Omit<GuestOptions, 'server'>;
}

type EntryOf<K extends SourceSpec['kind']> = SourceEntry & { spec: Extract<SourceSpec, { kind: K }> };

/**
 * Realises one source of the scene collection. Rejects with a StudioError the app can explain:
 * `studio/permission-denied`, `studio/device-not-found`, `studio/device-busy` (devices and screen),
 * `studio/source-unavailable` / `studio/unsupported-media` (images, video files),
 * `studio/unauthorized` (guests), `studio/unsupported` (the browser cannot).
 * Devices and screen capture need a user gesture the first time (the permission prompt).
 */
export async function openSource(entry: SourceEntry, options: OpenSourceOptions = {}): Promise<LiveSource> {
  const spec = entry.spec;
  switch (spec.kind) {
    case 'camera':
      return LiveCamera.open(entry as EntryOf<'camera'>);
    case 'microphone':
      return LiveMicrophone.open(entry as EntryOf<'microphone'>);
    case 'screen':
      return LiveScreen.open(entry as EntryOf<'screen'>);
    case 'image':
      return LiveImage.open(entry as EntryOf<'image'>, options.resolveUrl);
    case 'text':
      return LiveText.open(entry as EntryOf<'text'>, options.outputHeight);
    case 'video':
      return LiveVideoFile.open(entry as EntryOf<'video'>, options.resolveUrl);
    case 'color':
      return new LiveColor(entry as EntryOf<'color'>);
    case 'pattern':
      return new LivePattern(entry as EntryOf<'pattern'>, options.pattern);
    case 'guest':
      return LiveGuest.open(entry as EntryOf<'guest'>, {
        ...options.guest,
        ...(options.server ? { server: options.server } : {}),
      });
  }
}
