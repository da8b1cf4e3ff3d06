import type { MicrophoneSpec, SourceEntry } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import {
  microphoneConstraints,
  microphoneTrackConstraints,
  needsReopen,
  processingMatches,
} from './capture-constraints';
import { captureUserMedia } from './capture-media';
import { LiveSourceBase } from './live-source';

/** A microphone, with the browser's noise suppression / echo cancellation / gain control as set. */
export class LiveMicrophone extends LiveSourceBase<MicrophoneSpec> {
  private release: () => void = () => undefined;

  private constructor(entry: SourceEntry & { spec: MicrophoneSpec }) {
    super(entry);
  }

  static async open(entry: SourceEntry & { spec: MicrophoneSpec }): Promise<LiveMicrophone> {
    const source = new LiveMicrophone(entry);
    await source.reopen(entry.spec);
    return source;
  }

  /** The device actually opened (the browser picks one when the spec names none). */
  get deviceId(): string | undefined {
    return this.audio?.getSettings().deviceId;
  }

  protected async apply(next: MicrophoneSpec, previous: MicrophoneSpec): Promise<void> {
    const track = this.audio;
    if (needsReopen(previous, next) || !track) return this.reopen(next);
    // Changed live where the browser can (no gap in the sound); where it accepts the constraints
    // but keeps its old processing, a new track is the only way to get what the user asked for.
    const applied = await track.applyConstraints(microphoneTrackConstraints(next)).then(
      () => true,
      () => false,
    );
    if (!applied || !processingMatches(track.getSettings(), next)) return this.reopen(next);
    this.publish({});
  }

  /** Opens the new track first, so a failure leaves the old one running. */
  private async reopen(spec: MicrophoneSpec): Promise<void> {
    const stream = await captureUserMedia(microphoneConstraints(spec));
    const track = stream.getAudioTracks()[0];
    for (const extra of stream.getTracks()) if (extra !== track) extra.stop();
    if (!track) throw StudioError.fromCapture(new DOMException('no audio track', 'NotFoundError'));
    if (this.disposed) {
      track.stop();
      return;
    }
    const previous = this.release;
    this.release = this.hold([track], 'the microphone was disconnected or stopped');
    this.publish({ audio: track });
    previous();
  }
}
