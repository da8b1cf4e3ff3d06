import type { Scene, TransitionSpec } from '../scene/scene-types';
import { Emitter, type ErrorEvents } from '../emitter';
import { StudioError } from '../studio-error';
import type { FromWorker, RendererPreference, ToWorker, WorkerStats } from './compositor-messages';
import { isValidOutputFormat, type OutputFormat } from './output-format';
import { ProgramOutput, type OutputKind } from './program-output';
import { openTrackFeed, trackInput, type TrackFeed, type TrackInput } from './track-feed';
import type { Visual } from './visual';

export interface CompositorOptions extends OutputFormat {
  /** `auto` (default): WebGL2 in the worker when available, else Canvas2D. */
  renderer?: RendererPreference;
  /**
   * Makes the worker. By default `compositor-worker.ts` next to this file, the way Vite bundles
   * workers; hosts that bundle it themselves (the e2e harness: esbuild, a blob URL) pass their own.
   */
  createWorker?: () => Worker;
}

export interface CompositorStats extends WorkerStats {
  output: OutputKind;
  input: TrackInput;
}

export interface CompositorEvents extends ErrorEvents {
  /** Every second while running. */
  stats: CompositorStats;
}

/** How long the worker may take to load and make its rendering context. */
const START_TIMEOUT_MS = 15_000;

function defaultWorker(): Worker {
  return new Worker(new URL('./worker/compositor-worker.ts', import.meta.url), {
    type: 'module',
    name: 'brume-compositor',
  });
}

/**
 * The program compositor: draws the program scene (and a preview scene) from one visual per
 * source, off the main thread, into the `output` video track.
 *
 * All drawing happens in a dedicated Worker on an OffscreenCanvas, on the worker's own clock, so a
 * hidden studio tab keeps its frame rate. The page only passes messages: scenes, visuals (track
 * frame streams are transferred), and VideoFrames back out to the generator.
 *
 * `transition()` resolves once the incoming scene is fully on air. Starting another transition
 * (or setting a program of another scene) while one runs completes the running one at once (its
 * promise resolves) and starts from its target. `setProgram` with the id of either scene of a
 * running transition just updates that scene (live edits keep the transition going).
 */
export class Compositor extends Emitter<CompositorEvents> {
  private readonly feeds = new Map<string, TrackFeed>();
  private readonly transitions = new Map<number, () => void>();
  private nextTransitionId = 1;
  private latest: CompositorStats;
  private disposed = false;

  /** Starts the worker; rejects with `studio/compositor-failed` or `studio/invalid-output`. */
  static async create(options: CompositorOptions): Promise<Compositor> {
    const format = { width: options.width, height: options.height, frameRate: options.frameRate };
    if (!isValidOutputFormat(format))
      throw StudioError.invalidOutput(format.width, format.height, format.frameRate);
    if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
      throw StudioError.unsupported('composite video in a worker (Worker with OffscreenCanvas)');
    }
    let worker: Worker;
    let output: ProgramOutput;
    try {
      worker = (options.createWorker ?? defaultWorker)();
    } catch (error) {
      throw StudioError.compositorFailed('its worker could not be created.', error);
    }
    try {
      output = ProgramOutput.create(format);
    } catch (error) {
      worker.terminate();
      throw StudioError.compositorFailed('no way to produce a video track here.', error);
    }
    const compositor = new Compositor(worker, output, format);
    try {
      await compositor.start(options.renderer ?? 'auto');
    } catch (error) {
      compositor.dispose();
      throw error;
    }
    return compositor;
  }

  private constructor(
    private readonly worker: Worker,
    private readonly programOutput: ProgramOutput,
    private format: OutputFormat,
  ) {
    super();
    this.latest = {
      renderer: 'canvas2d',
      ...format,
      framesRendered: 0,
      framesSkipped: 0,
      framesDropped: 0,
      renderMs: { p50: 0, p95: 0 },
      fps: 0,
      output: programOutput.kind,
      input: trackInput(),
    };
  }

  /** The program video: what the publisher sends and the recorder records. Ends on dispose(). */
  get output(): MediaStreamTrack {
    return this.programOutput.track;
  }

  /**
   * What `sourceId` shows, or undefined to remove it. A track (video only) stays its source's
   * (never stopped here); a bitmap becomes the compositor's (transferred to the worker, closed when
   * replaced).
   */
  setVisual(sourceId: string, visual: Visual | undefined): void {
    if (this.disposed) return;
    this.feeds.get(sourceId)?.dispose();
    this.feeds.delete(sourceId);
    if (!visual) {
      this.post({ type: 'visual', sourceId, visual: undefined });
      return;
    }
    switch (visual.type) {
      case 'track': {
        if (visual.track.kind !== 'video') throw new TypeError(`setVisual(${sourceId}): not a video track`);
        const feed = openTrackFeed(visual.track, (frame) =>
          this.post({ type: 'frame', sourceId, frame }, [frame]),
        );
        this.feeds.set(sourceId, feed);
        this.post({ type: 'visual', sourceId, visual: feed.visual }, feed.transfer);
        break;
      }
      case 'bitmap':
        this.post({ type: 'visual', sourceId, visual: { type: 'bitmap', bitmap: visual.bitmap } }, [
          visual.bitmap,
        ]);
        break;
      case 'fill':
        this.post({ type: 'visual', sourceId, visual: { type: 'fill', fill: visual.fill } });
        break;
    }
  }

  /** Puts `scene` on air at once (or updates it: call again after every edit). */
  setProgram(scene: Scene): void {
    this.post({ type: 'program', scene });
  }

  /** Studio mode: the scene shown on the preview canvas; undefined blanks it. */
  setPreview(scene: Scene | undefined): void {
    this.post({ type: 'preview', scene });
  }

  /** Takes `scene` to program with `spec`; resolves when it is fully on air (or on dispose). */
  transition(scene: Scene, spec: TransitionSpec): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const id = this.nextTransitionId++;
    const done = new Promise<void>((resolve) => this.transitions.set(id, resolve));
    this.post({ type: 'transition', id, scene, spec });
    return done;
  }

  /**
   * Shows the preview scene on `canvas` (about 15 fps). The canvas is transferred to the worker:
   * size it before calling, and use a new canvas to change its size.
   */
  attachPreview(canvas: HTMLCanvasElement): void {
    if (this.disposed) return;
    const offscreen = canvas.transferControlToOffscreen();
    this.post({ type: 'attach-preview', canvas: offscreen }, [offscreen]);
  }

  /** Changes size and rate while running (e.g. `outputFormat('1080p60')`); the track stays the same. */
  setOutput(format: OutputFormat): void {
    if (!isValidOutputFormat(format))
      throw StudioError.invalidOutput(format.width, format.height, format.frameRate);
    this.format = { width: format.width, height: format.height, frameRate: format.frameRate };
    this.post({ type: 'format', format: this.format });
  }

  /** The latest figures (updated every second). */
  stats(): CompositorStats {
    return { ...this.latest, renderMs: { ...this.latest.renderMs } };
  }

  /** Stops the worker and the output track; source tracks keep running. Pending transitions resolve. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const feed of this.feeds.values()) feed.dispose();
    this.feeds.clear();
    // Terminating frees everything the worker held (frames, GPU context) at once.
    this.worker.terminate();
    this.programOutput.dispose();
    for (const resolve of this.transitions.values()) resolve();
    this.transitions.clear();
    this.clear();
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.disposed) {
      for (const item of transfer) if ('close' in item && typeof item.close === 'function') item.close();
      return;
    }
    this.worker.postMessage(message, transfer);
  }

  private start(renderer: RendererPreference): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(StudioError.compositorFailed('its worker did not start in time.')),
        START_TIMEOUT_MS,
      );
      let started = false;
      this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (!started && message.type === 'ready') {
          started = true;
          clearTimeout(timer);
          this.latest.renderer = message.renderer;
          resolve();
          return;
        }
        if (!started && message.type === 'error' && message.fatal) {
          clearTimeout(timer);
          reject(StudioError.compositorFailed(`${message.message}`));
          return;
        }
        this.receive(message);
      };
      this.worker.onerror = (event) => {
        event.preventDefault();
        const error = StudioError.compositorFailed(
          `its worker failed (${event.message || 'could not load'}).`,
          event,
        );
        if (!started) {
          clearTimeout(timer);
          reject(error);
        } else this.emit('error', error);
      };
      this.worker.postMessage(
        {
          type: 'init',
          format: this.format,
          renderer,
          output: this.programOutput.workerOutput,
        } satisfies ToWorker,
        this.programOutput.transfer,
      );
    });
  }

  private receive(message: FromWorker): void {
    if (this.disposed) {
      if (message.type === 'frame') message.frame.close();
      return;
    }
    switch (message.type) {
      case 'frame':
        this.programOutput.write(message.frame, (dropped) => this.post({ type: 'frame-ack', dropped }));
        break;
      case 'transition-done':
        this.transitions.get(message.id)?.();
        this.transitions.delete(message.id);
        break;
      case 'stats':
        this.latest = { ...message.stats, output: this.programOutput.kind, input: trackInput() };
        this.emit('stats', this.stats());
        break;
      case 'error':
        this.emit('error', StudioError.compositorFailed(message.message));
        break;
      case 'ready':
        break;
    }
  }
}
