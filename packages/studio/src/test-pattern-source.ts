import { Emitter, type Listener } from './emitter';
import { StudioError } from './studio-error';
import type { StudioSource, StudioSourceEvents } from './studio-source';
import { Teardown } from './teardown';
import { testPatternLayout, type TestPatternLayout } from './test-pattern-layout';
import { paintTestPattern } from './test-pattern-painter';
import { TestTone, type TestToneMode } from './test-tone';
import { Ticker } from './ticker';

export interface TestPatternOptions {
  width?: number;
  height?: number;
  frameRate?: number;
  /** A 1 kHz beep each second (default) or silence. */
  audio?: TestToneMode;
}

/**
 * A synthetic source that always moves: colour bars with a sweep, a large clock, a frame counter, a
 * sync flash, and the machine-readable capture-time strip the player's latency meter decodes. Drawn
 * on a canvas from a worker clock (so a hidden tab keeps sending frames) and captured with
 * `captureStream`, plus a test-tone audio track.
 */
export class TestPatternSource implements StudioSource {
  readonly kind = 'pattern';
  readonly stream: MediaStream;
  readonly frameRate: number;
  readonly width: number;
  readonly height: number;
  private readonly events = new Emitter<StudioSourceEvents>();
  private readonly teardown = new Teardown();
  private readonly ctx: CanvasRenderingContext2D;
  private readonly layout: TestPatternLayout;
  private readonly caption: string;
  private readonly canvas: HTMLCanvasElement;
  private readonly tone: TestTone;
  private frameNumber = 0;
  private lastDrawMs = -Infinity;
  private disposed = false;

  constructor(options: TestPatternOptions = {}) {
    this.width = options.width ?? 1280;
    this.height = options.height ?? 720;
    this.frameRate = options.frameRate ?? 30;
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.width;
    this.canvas.height = this.height;
    if (typeof this.canvas.captureStream !== 'function') throw StudioError.unsupported('capture a canvas');
    // Opaque: no alpha channel to blend, and nothing under the bars to show through.
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw StudioError.unsupported('draw on a canvas');
    this.ctx = ctx;
    this.layout = testPatternLayout(this.width, this.height);
    this.caption = `BRUME TEST PATTERN · ${this.width}×${this.height} · ${this.frameRate} fps`;

    this.draw();
    const video = this.canvas.captureStream(this.frameRate).getVideoTracks()[0];
    if (!video) throw StudioError.unsupported('capture a canvas');
    this.teardown.add(() => video.stop());

    let tone: TestTone;
    try {
      tone = new TestTone(options.audio ?? 'beep');
    } catch (error) {
      this.teardown.run();
      throw error;
    }
    this.teardown.add(() => tone.dispose());
    this.tone = tone;
    this.stream = new MediaStream([video, tone.track]);

    const ticker = new Ticker(this.frameRate, () => this.onTick());
    this.teardown.add(() => ticker.dispose());
  }

  on<K extends keyof StudioSourceEvents>(type: K, listener: Listener<StudioSourceEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  /** The canvas being captured (for tests and thumbnails; do not draw on it). */
  get element(): HTMLCanvasElement {
    return this.canvas;
  }

  /** Starts the tone if the autoplay policy held it back; call from a user gesture (e.g. Go Live). */
  resumeAudio(): Promise<void> {
    return this.tone.resume();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.teardown.run();
    this.events.clear();
  }

  private onTick(): void {
    // Ticks queue up while the main thread is busy; drawing them all back to back would only burn
    // CPU on frames the capture drops, so late ticks closer than half a period are skipped.
    const now = performance.now();
    if (now - this.lastDrawMs < 500 / this.frameRate) return;
    this.lastDrawMs = now;
    this.draw();
  }

  private draw(): void {
    paintTestPattern(this.ctx, this.layout, {
      nowMs: Date.now(),
      frameNumber: this.frameNumber++,
      caption: this.caption,
    });
  }
}
