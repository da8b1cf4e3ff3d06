import { decodeTimecode, frameLatencyMs, timecodeSampleSize } from '@brume/protocol';
import type { FrameInfo } from './frame-clock';
import { LATENCY_WINDOW, type LatencyStats } from './latency-stats';
import { SampleWindow } from './sample-window';

/**
 * Most streams carry no timecode. After this many frames in a row without one, the meter looks only
 * at every `IDLE_STRIDE`th frame, so ordinary playback does not pay a GPU readback per frame; the
 * first frame that has one puts it back on every frame.
 */
const MISSES_BEFORE_IDLE = 90;
const IDLE_STRIDE = 30;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function createContext(width: number, height: number): Context2D | undefined {
  const options: CanvasRenderingContext2DSettings = { willReadFrequently: true, alpha: false };
  if (typeof OffscreenCanvas === 'function') {
    return new OffscreenCanvas(width, height).getContext('2d', options) ?? undefined;
  }
  if (typeof document === 'undefined') return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas.getContext('2d', options) ?? undefined;
}

/**
 * Reads the capture time the studio's test pattern paints into the top strip of each frame and turns
 * it into latency: when the frame is displayed minus when it was captured. Per frame this costs one
 * drawImage of the strip only, scaled to 320 px wide, and one getImageData of that (a few KB); a frame
 * without a timecode just yields no sample. Both clocks are wall clocks of machines that share one
 * (the e2e setup, a studio and player on one computer), or NTP-synced ones.
 */
export class LatencyMeter {
  private readonly window = new SampleWindow(LATENCY_WINDOW);
  private context: Context2D | undefined;
  private disabled = false;
  private misses = 0;
  private idleFrames = 0;

  constructor(private readonly video: HTMLVideoElement) {}

  /** Measures one frame; returns the latency in ms if the frame carried a timecode. */
  measure(frame: FrameInfo): number | undefined {
    if (this.disabled) return undefined;
    if (this.misses >= MISSES_BEFORE_IDLE && ++this.idleFrames % IDLE_STRIDE !== 0) return undefined;
    const sourceWidth = this.video.videoWidth || frame.width;
    const sourceHeight = this.video.videoHeight || frame.height;
    if (!sourceWidth || !sourceHeight) return undefined;
    const { stripHeight, width, height } = timecodeSampleSize(sourceWidth, sourceHeight);
    const context = this.contextFor(width, height);
    if (!context) return undefined;
    let rgba: Uint8ClampedArray;
    try {
      context.drawImage(this.video, 0, 0, sourceWidth, stripHeight, 0, 0, width, height);
      rgba = context.getImageData(0, 0, width, height).data;
    } catch {
      // A cross-origin source without CORS taints the canvas: no timecode can ever be read from it.
      this.disabled = true;
      return undefined;
    }
    const captureMs = decodeTimecode(rgba, width, height, Date.now());
    if (captureMs === undefined) {
      this.misses++;
      return undefined;
    }
    this.misses = 0;
    this.idleFrames = 0;
    // The studio stamps frames with Date.now(). performance.timeOrigin + performance.now() drifts from
    // Date.now() over a page's life (monotonic vs wall clock), enough to give negative latencies, so
    // the display time is mapped onto the wall clock through the offset of this very moment.
    const readAt = Date.now();
    const displayedAt = readAt - performance.now() + frame.expectedDisplayTime;
    const latency = frameLatencyMs(captureMs, displayedAt, readAt);
    this.window.push(latency);
    return latency;
  }

  stats(): LatencyStats {
    return {
      lastMs: this.window.last,
      medianMs: this.window.median(),
      samples: this.window.values(),
      count: this.window.count,
    };
  }

  reset(): void {
    this.window.clear();
    this.misses = 0;
    this.idleFrames = 0;
  }

  dispose(): void {
    this.context = undefined;
    this.disabled = true;
  }

  private contextFor(width: number, height: number): Context2D | undefined {
    if (this.context && this.context.canvas.width === width && this.context.canvas.height === height) {
      return this.context;
    }
    if (this.context) {
      this.context.canvas.width = width;
      this.context.canvas.height = height;
      return this.context;
    }
    this.context = createContext(width, height);
    if (!this.context) this.disabled = true;
    return this.context;
  }
}
