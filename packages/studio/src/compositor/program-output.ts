/// <reference types="dom-mediacapture-transform" />
import type { WorkerOutput } from './compositor-messages';
import type { OutputFormat } from './output-format';

/** Where the program leaves the compositor (reported in the compositor's stats). */
export type OutputKind = 'track-generator' | 'capture-stream';

/** Frames the generator may still be writing before new ones are dropped (it is a live track: no queue). */
const MAX_PENDING_WRITES = 1;

/**
 * The program video track. Where Chromium's main-thread MediaStreamTrackGenerator exists, the
 * worker's VideoFrames are written to it (each frame is exactly one rendered frame, timestamps from
 * the worker clock). Elsewhere a canvas is handed to the worker and captured with
 * `captureStream()` (a new frame each time the worker draws).
 */
export class ProgramOutput {
  private pending = 0;
  private disposed = false;

  static create(format: OutputFormat): ProgramOutput {
    if ('MediaStreamTrackGenerator' in globalThis) {
      const generator = new MediaStreamTrackGenerator({ kind: 'video' });
      return new ProgramOutput('track-generator', generator, generator.writable.getWriter(), {
        type: 'frames',
      });
    }
    const canvas = document.createElement('canvas');
    canvas.width = format.width;
    canvas.height = format.height;
    const offscreen = canvas.transferControlToOffscreen();
    const track = canvas.captureStream().getVideoTracks()[0];
    if (!track) throw new Error('canvas.captureStream() gave no video track');
    return new ProgramOutput('capture-stream', track, undefined, { type: 'canvas', canvas: offscreen });
  }

  private constructor(
    readonly kind: OutputKind,
    readonly track: MediaStreamTrack,
    private readonly writer: WritableStreamDefaultWriter<VideoFrame> | undefined,
    readonly workerOutput: WorkerOutput,
  ) {}

  /** What `init` must transfer to the worker. */
  get transfer(): Transferable[] {
    return this.workerOutput.type === 'canvas' ? [this.workerOutput.canvas] : [];
  }

  /** Writes a program frame; `taken(false)` once written, `taken(true)` if it had to be dropped. */
  write(frame: VideoFrame, taken: (dropped: boolean) => void): void {
    const writer = this.writer;
    if (!writer || this.disposed || this.pending >= MAX_PENDING_WRITES) {
      frame.close();
      taken(true);
      return;
    }
    this.pending += 1;
    // The generator closes the frame once written (or rejected).
    const settle = (dropped: boolean): void => {
      this.pending -= 1;
      taken(dropped);
    };
    writer.write(frame).then(
      () => settle(false),
      () => settle(true),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.track.stop();
    this.writer?.close().catch(() => undefined);
  }
}
