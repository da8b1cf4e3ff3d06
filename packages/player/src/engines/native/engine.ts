import { MediaElementEngine } from '../media-element-engine';
import type { Engine, EngineContext } from '../types';

export function createEngine(context: EngineContext): Engine {
  return new NativeEngine(context);
}

/**
 * `<video src>`: the browser fetches and plays the URL itself (progressive MP4, native HLS). Live
 * catch-up is the core's (playback rate); the element gives seeking, duration and `ended`.
 */
class NativeEngine extends MediaElementEngine {
  readonly name = 'native';

  async start(): Promise<void> {
    const video = this.video;
    this.watchElement();
    await new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        video.removeEventListener('loadedmetadata', onLoaded);
        video.removeEventListener('error', onError);
      };
      const onLoaded = (): void => {
        cleanup();
        resolve();
      };
      const onError = (): void => {
        cleanup();
        reject(
          new Error(
            `the video element could not load ${this.context.source.url} (${video.error?.message || `code ${video.error?.code ?? '?'}`})`,
          ),
        );
      };
      video.addEventListener('loadedmetadata', onLoaded);
      video.addEventListener('error', onError);
      this.onDispose(() => {
        cleanup();
        resolve();
      });
      video.src = this.context.source.url;
      if (this.context.startTime !== undefined) video.currentTime = this.context.startTime;
    });
  }

  /**
   * A live progressive MP4 (Brume's `/NAME.mp4`) reports a finite, growing or zero duration, not
   * Infinity: the stream's info says it is live. Native HLS reports Infinity itself.
   */
  override isLive(): boolean {
    if (this.context.source.protocol === 'mp4' && this.context.info.type === 'live') return true;
    return super.isLive();
  }

  protected teardown(): void {
    this.detachElement();
  }
}
