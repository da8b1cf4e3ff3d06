import type { ColorSpec, Scene, TransitionSpec } from '../scene/scene-types';
import type { OutputFormat } from './output-format';

/** What the studio asks for: WebGL2 when the worker can have it, else Canvas2D; or one of them. */
export type RendererPreference = 'auto' | 'webgl2' | 'canvas2d';
export type RendererKind = 'webgl2' | 'canvas2d';

/**
 * How program frames leave the worker: as VideoFrames posted to the page for a
 * MediaStreamTrackGenerator, or drawn into a canvas the page transferred and captures.
 */
export type WorkerOutput = { type: 'frames' } | { type: 'canvas'; canvas: OffscreenCanvas };

/**
 * A source's visual as the worker receives it: a track becomes a transferred stream of its
 * VideoFrames, or (without MediaStreamTrackProcessor) `pushed`, fed one ImageBitmap at a time by
 * `frame` messages.
 */
export type WorkerVisual =
  | { type: 'stream'; stream: ReadableStream<VideoFrame> }
  | { type: 'pushed' }
  | { type: 'bitmap'; bitmap: ImageBitmap }
  | { type: 'fill'; fill: ColorSpec };

export type ToWorker =
  | { type: 'init'; format: OutputFormat; renderer: RendererPreference; output: WorkerOutput }
  | { type: 'visual'; sourceId: string; visual: WorkerVisual | undefined }
  | { type: 'frame'; sourceId: string; frame: ImageBitmap }
  | { type: 'program'; scene: Scene }
  | { type: 'preview'; scene: Scene | undefined }
  | { type: 'transition'; id: number; scene: Scene; spec: TransitionSpec }
  | { type: 'attach-preview'; canvas: OffscreenCanvas }
  | { type: 'format'; format: OutputFormat }
  /** The page took (or, its output being full, dropped) one posted program frame. */
  | { type: 'frame-ack'; dropped: boolean };

/** Render counters the worker measures; the page adds nothing but passes them on. */
export interface WorkerStats {
  renderer: RendererKind;
  width: number;
  height: number;
  frameRate: number;
  framesRendered: number;
  /** Clock ticks missed because the previous frame (or anything else in the worker) overran its slot. */
  framesSkipped: number;
  /** Rendered frames the output could not take (the page's generator was still busy). */
  framesDropped: number;
  renderMs: { p50: number; p95: number };
  /** Program frames that reached the output in the last second, per second. */
  fps: number;
}

export type FromWorker =
  | { type: 'ready'; renderer: RendererKind }
  | { type: 'frame'; frame: VideoFrame }
  | { type: 'transition-done'; id: number }
  | { type: 'stats'; stats: WorkerStats }
  | { type: 'error'; fatal: boolean; message: string };
