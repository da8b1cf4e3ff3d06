import type { CameraSpec, SourceEntry } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import { cameraConstraints, cameraTrackConstraints, needsReopen } from './capture-constraints';
import { captureUserMedia, trackAspect } from './capture-media';
import { LiveSourceBase } from './live-source';

/** A camera's picture (no sound: a microphone is its own source). */
export class LiveCamera extends LiveSourceBase<CameraSpec> {
  private release: () => void = () => undefined;

  private constructor(entry: SourceEntry & { spec: CameraSpec }) {
    super(entry);
  }

  static async open(entry: SourceEntry & { spec: CameraSpec }): Promise<LiveCamera> {
    const source = new LiveCamera(entry);
    await source.reopen(entry.spec);
    return source;
  }

  /** The device actually opened (the browser picks one when the spec names none). */
  get deviceId(): string | undefined {
    const visual = this.visual;
    return visual?.type === 'track' ? visual.track.getSettings().deviceId : undefined;
  }

  protected async apply(next: CameraSpec, previous: CameraSpec): Promise<void> {
    const visual = this.visual;
    if (needsReopen(previous, next) || visual?.type !== 'track') return this.reopen(next);
    try {
      // Same camera, other size or rate: the open track can switch mode without a new permission.
      await visual.track.applyConstraints(cameraTrackConstraints(next));
    } catch {
      return this.reopen(next);
    }
    this.publish({ aspect: trackAspect(visual.track) });
  }

  /** Opens the new track first, so a failure leaves the old one running. */
  private async reopen(spec: CameraSpec): Promise<void> {
    const stream = await captureUserMedia(cameraConstraints(spec));
    const track = stream.getVideoTracks()[0];
    for (const extra of stream.getTracks()) if (extra !== track) extra.stop();
    if (!track) throw StudioError.fromCapture(new DOMException('no video track', 'NotFoundError'));
    if (this.disposed) {
      track.stop();
      return;
    }
    const previous = this.release;
    this.release = this.hold([track], 'the camera was disconnected or stopped');
    this.publish({ visual: { type: 'track', track }, aspect: trackAspect(track) });
    previous();
  }
}
