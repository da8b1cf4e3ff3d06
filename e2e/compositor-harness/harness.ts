/**
 * Runs the studio compositor on a plain page for the compositor spec and bench: builds visuals
 * from page-made pictures and tracks, shows the program track in a <video>, and reads pixels back.
 * Bundled by esbuild (compositor-harness-script.ts); the worker is a second bundle the page gets
 * as source text and starts from a blob URL.
 */
import {
  Compositor,
  TestPatternSource,
  type CompositorStats,
  type RendererPreference,
  type Scene,
  type TransitionSpec,
} from '@brume/studio';

export interface StartOptions {
  width: number;
  height: number;
  frameRate: number;
  renderer: RendererPreference;
  /** Hide MediaStreamTrackProcessor / MediaStreamTrackGenerator first, to run the fallbacks. */
  withoutProcessor?: boolean;
  withoutGenerator?: boolean;
}

/** A picture made in the page: colour bands left to right, an optional centred square and text. */
export interface PictureSpec {
  width: number;
  height: number;
  bands: string[];
  square?: { color: string; size: number };
  text?: { value: string; color: string; font: string };
}

export type Pixel = [number, number, number];

export interface CompositorHarness {
  start(options: StartOptions): Promise<CompositorStats>;
  setFill(sourceId: string, color: string, gradient?: { to: string; angleDeg: number }): void;
  setBitmap(sourceId: string, picture: PictureSpec): Promise<void>;
  /** A live track of the picture (a canvas captured at 30 fps, redrawn so frames keep coming). */
  setCanvasTrack(sourceId: string, picture: PictureSpec): void;
  /** The fake camera (getUserMedia). */
  setCameraTrack(sourceId: string): Promise<void>;
  /** The studio's test pattern (worker-clocked, so it keeps its rate in a hidden tab). */
  setPatternTrack(sourceId: string, width: number, height: number): void;
  visibility(): DocumentVisibilityState;
  stopTrack(sourceId: string): void;
  trackState(sourceId: string): MediaStreamTrackState | undefined;
  setProgram(scene: Scene): void;
  setPreview(scene: Scene | undefined): void;
  attachPreview(width: number, height: number): void;
  transition(scene: Scene, spec: TransitionSpec): Promise<void>;
  /** Starts the transition and samples `points` every 40 ms until it resolves: one row per sample. */
  transitionSampling(scene: Scene, spec: TransitionSpec, points: [number, number][]): Promise<Pixel[][]>;
  setOutput(width: number, height: number, frameRate: number): void;
  /** RGB at each point (output-frame units) of the frame the <video> shows now. */
  sample(points: [number, number][]): Pixel[];
  /** RGB at each point (units) of the preview canvas. */
  samplePreview(points: [number, number][]): Promise<Pixel[]>;
  videoSize(): { width: number; height: number };
  /** Frames the <video> presented in `ms` (rVFC). */
  presentedFrames(ms: number): Promise<number>;
  stats(): CompositorStats;
  statsEvents(): number;
  /** Every `stats` event so far, with the page's visibility when it came. */
  statsLog(): (CompositorStats & { visibility: DocumentVisibilityState })[];
  errors(): string[];
  outputState(): MediaStreamTrackState | undefined;
  dispose(): void;
}

declare global {
  interface Window {
    __compositorWorkerSource: string;
    __compositorHarness: CompositorHarness;
  }
}

let compositor: Compositor | undefined;
let video: HTMLVideoElement | undefined;
let previewCanvas: HTMLCanvasElement | undefined;
const statsLog: (CompositorStats & { visibility: DocumentVisibilityState })[] = [];
const patterns: TestPatternSource[] = [];
const errors: string[] = [];
const tracks = new Map<string, { track: MediaStreamTrack; timer?: ReturnType<typeof setInterval> }>();
const readback = document.createElement('canvas');

function paint(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  picture: PictureSpec,
): void {
  const band = picture.width / picture.bands.length;
  picture.bands.forEach((color, i) => {
    context.fillStyle = color;
    context.fillRect(Math.floor(i * band), 0, Math.ceil(band), picture.height);
  });
  if (picture.square) {
    const { color, size } = picture.square;
    context.fillStyle = color;
    context.fillRect((picture.width - size) / 2, (picture.height - size) / 2, size, size);
  }
  if (picture.text) {
    context.fillStyle = picture.text.color;
    context.font = picture.text.font;
    context.textBaseline = 'middle';
    context.fillText(picture.text.value, picture.height * 0.2, picture.height / 2);
  }
}

function read(source: CanvasImageSource, width: number, height: number, points: [number, number][]): Pixel[] {
  readback.width = width;
  readback.height = height;
  const context = readback.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, width, height);
  return points.map(([x, y]) => {
    const px = Math.min(width - 1, Math.round(x * width));
    const py = Math.min(height - 1, Math.round(y * height));
    const data = context.getImageData(px, py, 1, 1).data;
    return [data[0]!, data[1]!, data[2]!];
  });
}

function need(): Compositor {
  if (!compositor) throw new Error('start() first');
  return compositor;
}

const harness: CompositorHarness = {
  async start(options) {
    if (options.withoutProcessor) Reflect.deleteProperty(window, 'MediaStreamTrackProcessor');
    if (options.withoutGenerator) Reflect.deleteProperty(window, 'MediaStreamTrackGenerator');
    const url = URL.createObjectURL(new Blob([window.__compositorWorkerSource], { type: 'text/javascript' }));
    compositor = await Compositor.create({
      width: options.width,
      height: options.height,
      frameRate: options.frameRate,
      renderer: options.renderer,
      createWorker: () => new Worker(url, { name: 'brume-compositor' }),
    });
    compositor.on('stats', (stats) => statsLog.push({ ...stats, visibility: document.visibilityState }));
    compositor.on('error', (error) => errors.push(`${error.code}: ${error.message}`));
    video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.dataset.testid = 'program';
    video.srcObject = new MediaStream([compositor.output]);
    document.body.append(video);
    await video.play();
    return compositor.stats();
  },
  setFill(sourceId, color, gradient) {
    need().setVisual(sourceId, { type: 'fill', fill: { kind: 'color', color, gradient } });
  },
  async setBitmap(sourceId, picture) {
    const canvas = new OffscreenCanvas(picture.width, picture.height);
    paint(canvas.getContext('2d')!, picture);
    need().setVisual(sourceId, { type: 'bitmap', bitmap: await createImageBitmap(canvas) });
  },
  setCanvasTrack(sourceId, picture) {
    const canvas = document.createElement('canvas');
    canvas.width = picture.width;
    canvas.height = picture.height;
    const context = canvas.getContext('2d')!;
    const track = canvas.captureStream(30).getVideoTracks()[0]!;
    // captureStream sends frames only when the canvas changes: repaint (invisibly different) often.
    let flip = false;
    const timer = setInterval(() => {
      paint(context, picture);
      flip = !flip;
      context.fillStyle = flip ? '#000' : '#010101';
      context.fillRect(0, 0, 1, 1);
    }, 33);
    paint(context, picture);
    tracks.set(sourceId, { track, timer });
    need().setVisual(sourceId, { type: 'track', track });
  },
  async setCameraTrack(sourceId) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
    const track = stream.getVideoTracks()[0]!;
    tracks.set(sourceId, { track });
    need().setVisual(sourceId, { type: 'track', track });
  },
  setPatternTrack(sourceId, width, height) {
    const pattern = new TestPatternSource({ width, height, frameRate: 30, audio: 'silent' });
    patterns.push(pattern);
    const track = pattern.stream.getVideoTracks()[0]!;
    tracks.set(sourceId, { track });
    need().setVisual(sourceId, { type: 'track', track });
  },
  visibility: () => document.visibilityState,
  stopTrack(sourceId) {
    const entry = tracks.get(sourceId);
    if (entry?.timer) clearInterval(entry.timer);
    entry?.track.stop();
  },
  trackState: (sourceId) => tracks.get(sourceId)?.track.readyState,
  setProgram: (scene) => need().setProgram(scene),
  setPreview: (scene) => need().setPreview(scene),
  attachPreview(width, height) {
    previewCanvas = document.createElement('canvas');
    previewCanvas.width = width;
    previewCanvas.height = height;
    document.body.append(previewCanvas);
    need().attachPreview(previewCanvas);
  },
  transition: (scene, spec) => need().transition(scene, spec),
  async transitionSampling(scene, spec, points) {
    const samples: Pixel[][] = [];
    let done = false;
    const finished = need()
      .transition(scene, spec)
      .then(() => (done = true));
    while (!done) {
      samples.push(harness.sample(points));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await finished;
    return samples;
  },
  setOutput: (width, height, frameRate) => need().setOutput({ width, height, frameRate }),
  sample(points) {
    if (!video) throw new Error('start() first');
    return read(video, video.videoWidth, video.videoHeight, points);
  },
  async samplePreview(points) {
    if (!previewCanvas) throw new Error('attachPreview() first');
    // A transferred canvas cannot be drawn from; its displayed picture can be, via a bitmap.
    const bitmap = await createImageBitmap(previewCanvas);
    const pixels = read(bitmap, bitmap.width, bitmap.height, points);
    bitmap.close();
    return pixels;
  },
  videoSize: () => ({ width: video?.videoWidth ?? 0, height: video?.videoHeight ?? 0 }),
  presentedFrames(ms) {
    const target = video;
    if (!target) throw new Error('start() first');
    return new Promise((resolve) => {
      let frames = 0;
      let handle = 0;
      const onFrame = (): void => {
        frames += 1;
        handle = target.requestVideoFrameCallback(onFrame);
      };
      handle = target.requestVideoFrameCallback(onFrame);
      setTimeout(() => {
        target.cancelVideoFrameCallback(handle);
        resolve(frames);
      }, ms);
    });
  },
  stats: () => need().stats(),
  statsEvents: () => statsLog.length,
  statsLog: () => [...statsLog],
  errors: () => [...errors],
  outputState: () => compositor?.output.readyState,
  dispose() {
    compositor?.dispose();
    for (const pattern of patterns) pattern.dispose();
  },
};

window.__compositorHarness = harness;
