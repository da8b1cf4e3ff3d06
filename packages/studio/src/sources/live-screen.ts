import type { ScreenSpec, SourceEntry } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import { displayMediaOptions } from './capture-constraints';
import { captureDisplayMedia, trackAspect } from './capture-media';
import { LiveSourceBase } from './live-source';

/**
 * A screen, window or tab the user picks in the browser's dialog, with its sound when asked for and
 * offered (the user may untick it, or the surface may have none: then `audio` is undefined).
 * "Stop sharing" in the browser's bar ends the track: `ended`.
 */
export class LiveScreen extends LiveSourceBase<ScreenSpec> {
  private release: () => void = () => undefined;

  private constructor(entry: SourceEntry & { spec: ScreenSpec }) {
    super(entry);
  }

  /** Call from a user gesture: browsers refuse the picker without one. */
  static async open(entry: SourceEntry & { spec: ScreenSpec }): Promise<LiveScreen> {
    const source = new LiveScreen(entry);
    await source.reopen(entry.spec);
    return source;
  }

  /** Asking for sound (or no longer) means picking again: a capture's audio is chosen in the dialog. */
  protected async apply(next: ScreenSpec, previous: ScreenSpec): Promise<void> {
    if (next.audio !== previous.audio || !this.visual) await this.reopen(next);
  }

  private async reopen(spec: ScreenSpec): Promise<void> {
    const stream = await captureDisplayMedia(displayMediaOptions(spec));
    const video = stream.getVideoTracks()[0];
    const audio = spec.audio ? stream.getAudioTracks()[0] : undefined;
    for (const extra of stream.getTracks()) if (extra !== video && extra !== audio) extra.stop();
    if (!video) throw StudioError.fromDisplayCapture(new DOMException('no video track', 'NotFoundError'));
    if (this.disposed) {
      video.stop();
      audio?.stop();
      return;
    }
    const previous = this.release;
    this.release = this.hold(audio ? [video, audio] : [video], 'screen sharing was stopped');
    this.publish({ visual: { type: 'track', track: video }, audio, aspect: trackAspect(video) });
    previous();
  }
}
