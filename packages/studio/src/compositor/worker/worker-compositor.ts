import type { Scene, TransitionSpec } from '../../scene/scene-types';
import type {
  FromWorker,
  RendererKind,
  RendererPreference,
  WorkerOutput,
  WorkerStats,
  WorkerVisual,
} from '../compositor-messages';
import type { OutputFormat } from '../output-format';
import { RateMeter, RenderTimes } from '../render-stats';
import { transitionDone, transitionPlacements, transitionProgress } from '../transition-math';
import { passthroughSource } from '../passthrough';
import { Canvas2dRenderer } from './canvas2d-renderer';
import { FrameClock } from './frame-clock';
import type { FrameContent, Renderer } from './renderer';
import { SourceStore, type FrameImage } from './source-store';
import { WebGl2Renderer } from './webgl2-renderer';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** The preview is for the operator's eyes: about 15 fps is enough and leaves time for the program. */
const PREVIEW_FPS = 15;
/** Program frames posted to the page and not yet taken: beyond this the output is full and frames drop. */
const MAX_FRAMES_IN_FLIGHT = 2;

interface RunningTransition {
  id: number;
  from: Scene;
  to: Scene;
  spec: TransitionSpec;
  startedAt: number;
}

/**
 * `auto` takes WebGL2 on a GPU and Canvas2D when WebGL2 is a software rasteriser (see
 * `WebGl2Renderer.software`: there it cannot keep up at 1080p); `webgl2` insists on it anyway.
 * Each attempt gets its own canvas: a canvas keeps the first context type it was asked for.
 */
function createRenderer(preference: RendererPreference, format: OutputFormat): Renderer | undefined {
  const canvas = () => new OffscreenCanvas(format.width, format.height);
  if (preference !== 'canvas2d') {
    const webgl = WebGl2Renderer.create(canvas());
    if (preference === 'webgl2') return webgl;
    if (webgl && !webgl.software) return webgl;
    webgl?.dispose();
  }
  return Canvas2dRenderer.create(canvas());
}

/**
 * Everything the compositor worker does: holds the sources, the program (and a running
 * transition) and the preview, renders on its own clock, and hands program frames to the output.
 *
 * Transitions: a new transition (or a program of another scene) while one runs finishes the
 * running one at once (its promise resolves, its target becomes the program) and starts from
 * there, so an impatient operator's second Take is never lost and never blends three scenes.
 */
export class WorkerCompositor {
  private readonly sources: SourceStore;
  private readonly clock: FrameClock;
  private readonly times = new RenderTimes();
  private readonly rate = new RateMeter();
  private program: Scene | undefined;
  private preview: Scene | undefined;
  private transition: RunningTransition | undefined;
  private previewCanvas: { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } | undefined;
  private previewBlank = false;
  private ticks = 0;
  private rendered = 0;
  private delivered = 0;
  private dropped = 0;
  private inFlight = 0;
  private lastStatsAt = 0;
  private lastError = '';
  private readonly output: WorkerOutput & { context?: ImageBitmapRenderingContext | null };

  static create(
    format: OutputFormat,
    preference: RendererPreference,
    output: WorkerOutput,
    post: Post,
  ): WorkerCompositor | undefined {
    const renderer = createRenderer(preference, format);
    return renderer ? new WorkerCompositor(format, renderer, output, post) : undefined;
  }

  private constructor(
    private format: OutputFormat,
    private readonly renderer: Renderer,
    output: WorkerOutput,
    private readonly post: Post,
  ) {
    this.output = output;
    if (output.type === 'canvas') {
      output.canvas.width = format.width;
      output.canvas.height = format.height;
      // The page captures this canvas; each frame is handed over whole, without a copy.
      this.output.context = output.canvas.getContext('bitmaprenderer');
    }
    this.sources = new SourceStore((sourceId, error) =>
      this.report(false, `Source ${sourceId} stopped delivering frames: ${String(error)}`),
    );
    this.clock = new FrameClock((now) => this.tick(now));
    this.clock.start(format.frameRate);
  }

  get rendererKind(): RendererKind {
    return this.renderer.kind;
  }

  setVisual(sourceId: string, visual: WorkerVisual | undefined): void {
    this.sources.set(sourceId, visual);
    this.renderer.releaseSource(sourceId);
  }

  pushFrame(sourceId: string, frame: FrameImage): void {
    this.sources.push(sourceId, frame);
  }

  setProgram(scene: Scene): void {
    const running = this.transition;
    if (running && scene.id === running.to.id) running.to = scene;
    else if (running && scene.id === running.from.id) running.from = scene;
    else {
      this.finishTransition();
      this.program = scene;
    }
  }

  setPreview(scene: Scene | undefined): void {
    this.preview = scene;
    this.previewBlank = false;
  }

  startTransition(id: number, scene: Scene, spec: TransitionSpec): void {
    this.finishTransition();
    if (!this.program) {
      // Nothing on air to transition from: the scene simply goes on air.
      this.program = scene;
      this.post({ type: 'transition-done', id });
      return;
    }
    this.transition = { id, from: this.program, to: scene, spec, startedAt: performance.now() };
  }

  attachPreview(canvas: OffscreenCanvas): void {
    const context = canvas.getContext('2d', { alpha: false });
    if (!context) {
      this.report(false, 'The preview canvas has no 2D context; the preview stays blank.');
      return;
    }
    this.previewCanvas = { canvas, context };
    this.previewBlank = false;
  }

  setFormat(format: OutputFormat): void {
    this.format = format;
    this.renderer.resize(format.width, format.height);
    if (this.output.type === 'canvas') {
      this.output.canvas.width = format.width;
      this.output.canvas.height = format.height;
    }
    this.clock.start(format.frameRate);
  }

  frameTaken(dropped: boolean): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (dropped) this.dropped += 1;
    else this.delivered += 1;
  }

  stats(): WorkerStats {
    return {
      renderer: this.renderer.kind,
      width: this.format.width,
      height: this.format.height,
      frameRate: this.format.frameRate,
      framesRendered: this.rendered,
      framesSkipped: this.clock.skipped,
      framesDropped: this.dropped,
      renderMs: { p50: this.times.percentile(50), p95: this.times.percentile(95) },
      fps: 0,
    };
  }

  dispose(): void {
    this.clock.stop();
    this.finishTransition();
    this.sources.dispose();
    this.renderer.dispose();
  }

  private finishTransition(): void {
    const running = this.transition;
    if (!running) return;
    this.transition = undefined;
    this.program = running.to;
    this.post({ type: 'transition-done', id: running.id });
  }

  private tick(now: number): void {
    this.ticks += 1;
    try {
      const started = performance.now();
      const direct = this.directFrame();
      if (direct) {
        this.emitVideoFrame(new VideoFrame(direct, { timestamp: Math.round(now * 1000) }));
      } else {
        this.renderer.draw(this.programContent(now), (id) => this.sources.get(id));
        this.emitFrame(now);
      }
      this.times.add(performance.now() - started);
      this.rendered += 1;
      const running = this.transition;
      if (running && transitionDone(running.spec, now - running.startedAt)) this.finishTransition();
      this.drawPreview();
    } catch (error) {
      this.report(false, `Rendering failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (now - this.lastStatsAt >= 1000) this.postStats(now);
  }

  private programContent(now: number): FrameContent {
    const running = this.transition;
    if (running) {
      const progress = transitionProgress(running.spec, now - running.startedAt);
      return {
        type: 'transition',
        from: running.from,
        to: running.to,
        placements: transitionPlacements(running.spec, progress),
      };
    }
    return { type: 'scene', scene: this.program ?? { id: '', name: '', layers: [] } };
  }

  private emitFrame(now: number): void {
    const canvas = this.renderer.canvas;
    if (this.output.type === 'canvas') {
      this.output.context?.transferFromImageBitmap(canvas.transferToImageBitmap());
      this.delivered += 1;
      return;
    }
    if (this.inFlight >= MAX_FRAMES_IN_FLIGHT) {
      this.dropped += 1;
      return;
    }
    // Through an ImageBitmap: transferring a WebGL canvas's buffer hands over the GPU picture,
    // where a VideoFrame straight from the canvas reads its pixels back synchronously.
    const bitmap = canvas.transferToImageBitmap();
    const frame = new VideoFrame(bitmap, { timestamp: Math.round(now * 1000), alpha: 'discard' });
    bitmap.close();
    this.inFlight += 1;
    this.post({ type: 'frame', frame }, [frame]);
  }

  /** A frame for the page's generator, unless the output is full (then it is dropped and counted). */
  private emitVideoFrame(frame: VideoFrame): void {
    if (this.inFlight >= MAX_FRAMES_IN_FLIGHT) {
      frame.close();
      this.dropped += 1;
      return;
    }
    this.inFlight += 1;
    this.post({ type: 'frame', frame }, [frame]);
  }

  /**
   * The source frame to send as it is (see passthrough.ts): only to a track generator (a captured
   * canvas must be drawn), outside transitions, and when the frame is exactly the output's size.
   */
  private directFrame(): VideoFrame | undefined {
    if (this.output.type === 'canvas' || this.transition) return undefined;
    const sourceId = passthroughSource(this.program);
    const drawable = sourceId === undefined ? undefined : this.sources.get(sourceId);
    if (drawable?.type !== 'image' || !(drawable.image instanceof VideoFrame)) return undefined;
    const sameSize = drawable.width === this.format.width && drawable.height === this.format.height;
    return sameSize ? drawable.image : undefined;
  }

  private drawPreview(): void {
    const target = this.previewCanvas;
    if (!target) return;
    if (!this.preview) {
      if (!this.previewBlank) {
        target.context.fillStyle = '#000';
        target.context.fillRect(0, 0, target.canvas.width, target.canvas.height);
        this.previewBlank = true;
      }
      return;
    }
    const every = Math.max(1, Math.round(this.format.frameRate / PREVIEW_FPS));
    if (this.ticks % every !== 0) return;
    // The program frame has left the canvas already (a VideoFrame copy, or transferred): reuse it.
    this.renderer.draw({ type: 'scene', scene: this.preview }, (id) => this.sources.get(id));
    target.context.drawImage(this.renderer.canvas, 0, 0, target.canvas.width, target.canvas.height);
  }

  private postStats(now: number): void {
    this.lastStatsAt = now;
    const stats = this.stats();
    stats.fps = this.rate.sample(this.delivered, now) ?? 0;
    this.post({ type: 'stats', stats });
  }

  /** Reports an error once until a different one happens: a broken frame repeats 30 times a second. */
  private report(fatal: boolean, message: string): void {
    if (message === this.lastError) return;
    this.lastError = message;
    this.post({ type: 'error', fatal, message });
  }
}
