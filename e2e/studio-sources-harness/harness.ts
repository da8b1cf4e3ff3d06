/**
 * Runs the studio's live sources in a page the server answers: the e2e spec opens each kind of
 * source through `openSource` and measures what it yields (frames and size of a track, sound level,
 * pixels of a bitmap). Bundled by esbuild into an IIFE (harness-script.ts).
 */
import { Publisher, TestPatternSource } from '@brume/studio';
import type { SourceEntry, SourceSpec } from '@brume/studio';
import { openSource, type LiveSource, type OpenSourceOptions } from '@brume/studio';

export interface SourceSummary {
  kind: string;
  state: string;
  aspect: number | undefined;
  visual: { type: string; width?: number; height?: number; fill?: unknown; trackId?: string } | undefined;
  audio: { id: string; settings: MediaTrackSettings } | undefined;
  events: { type: string; detail?: string }[];
}

export interface OpenResult {
  ok: boolean;
  summary?: SourceSummary;
  error?: { code?: string; message: string };
}

export interface FrameCount {
  frames: number;
  width: number;
  height: number;
  /** The longest wait between two presented frames, ms. */
  maxGapMs: number;
}

/** Options the spec can pass through JSON; `blobStore` keys resolve to in-page made PNGs. */
export interface HarnessOpenOptions extends Omit<OpenSourceOptions, 'resolveUrl'> {
  blobStore?: Record<string, { width: number; height: number; color: string }>;
}

export interface SourcesHarness {
  open(entry: SourceEntry, options?: HarnessOpenOptions): Promise<OpenResult>;
  update(id: string, spec: SourceSpec): Promise<OpenResult>;
  /** The output preset changed: sources drawn at the output's scale redraw. */
  setOutputHeight(id: string, height: number): Promise<OpenResult>;
  summary(id: string): SourceSummary;
  countFrames(id: string, ms: number): Promise<FrameCount>;
  /** Peak absolute sample of the source's audio over `ms` (0..1). */
  audioPeak(id: string, ms: number): Promise<number>;
  /** RGBA of the bitmap visual at each point. */
  pixels(id: string, points: [number, number][]): Promise<number[][]>;
  /** How many of the bitmap's pixels are within `tolerance` of `rgb` on every channel (and opaque). */
  countColor(id: string, rgb: [number, number, number], tolerance: number): Promise<number>;
  dispose(id: string): { tracksLive: number };
  publish(stream: string): Promise<void>;
  unpublish(): Promise<void>;
}

const sources = new Map<string, { source: LiveSource; events: SourceSummary['events'] }>();
let publishing: { publisher: Publisher; pattern: TestPatternSource } | undefined;

function get(id: string): { source: LiveSource; events: SourceSummary['events'] } {
  const entry = sources.get(id);
  if (!entry) throw new Error(`no source ${id}`);
  return entry;
}

function summarize(id: string): SourceSummary {
  const { source, events } = get(id);
  const visual = source.visual;
  return {
    kind: source.kind,
    state: source.state,
    aspect: source.aspect,
    visual:
      visual?.type === 'bitmap'
        ? { type: 'bitmap', width: visual.bitmap.width, height: visual.bitmap.height }
        : visual?.type === 'fill'
          ? { type: 'fill', fill: visual.fill }
          : visual
            ? { type: 'track', trackId: visual.track.id, ...visual.track.getSettings() }
            : undefined,
    audio: source.audio ? { id: source.audio.id, settings: source.audio.getSettings() } : undefined,
    events,
  };
}

function failure(error: unknown): OpenResult {
  const code = (error as { code?: string }).code;
  return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
}

async function pngBlob(width: number, height: number, color: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}

function track(id: string): MediaStreamTrack {
  const visual = get(id).source.visual;
  if (visual?.type !== 'track') throw new Error(`source ${id} has no track`);
  return visual.track;
}

/** The source's bitmap drawn on a canvas of its size, to read pixels back. */
function drawBitmap(id: string): OffscreenCanvasRenderingContext2D {
  const visual = get(id).source.visual;
  if (visual?.type !== 'bitmap') throw new Error(`source ${id} has no bitmap`);
  const canvas = new OffscreenCanvas(visual.bitmap.width, visual.bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(visual.bitmap, 0, 0);
  return ctx;
}

const harness: SourcesHarness = {
  async open(entry, options = {}) {
    const { blobStore, ...rest } = options;
    const resolveUrl = async (url: string): Promise<string | Blob> => {
      const key = url.startsWith('blob-store:') ? url.slice('blob-store:'.length) : undefined;
      if (key === undefined) return url;
      const stored = blobStore?.[key];
      if (!stored) throw new Error(`no stored file ${key}`);
      return pngBlob(stored.width, stored.height, stored.color);
    };
    try {
      const source = await openSource(entry, { ...rest, resolveUrl });
      const events: SourceSummary['events'] = [];
      source.on('change', () => events.push({ type: 'change' }));
      source.on('ended', ({ reason }) => events.push({ type: 'ended', detail: reason }));
      source.on('error', (error) => events.push({ type: 'error', detail: error.code }));
      sources.set(entry.id, { source, events });
      return { ok: true, summary: summarize(entry.id) };
    } catch (error) {
      return failure(error);
    }
  },
  async update(id, spec) {
    try {
      await get(id).source.update(spec);
      return { ok: true, summary: summarize(id) };
    } catch (error) {
      return failure(error);
    }
  },
  async setOutputHeight(id, height) {
    try {
      await get(id).source.setOutputHeight?.(height);
      return { ok: true, summary: summarize(id) };
    } catch (error) {
      return failure(error);
    }
  },
  summary: summarize,
  countFrames(id, ms) {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([track(id)]);
    document.body.append(video);
    void video.play();
    return new Promise((resolve) => {
      let frames = 0;
      let last: number | undefined;
      let maxGapMs = 0;
      const onFrame = (now: number): void => {
        frames++;
        if (last !== undefined) maxGapMs = Math.max(maxGapMs, now - last);
        last = now;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      setTimeout(() => {
        const result = {
          frames,
          width: video.videoWidth,
          height: video.videoHeight,
          maxGapMs: Math.round(maxGapMs),
        };
        video.srcObject = null;
        video.remove();
        resolve(result);
      }, ms);
    });
  },
  async audioPeak(id, ms) {
    const audio = get(id).source.audio;
    if (!audio) throw new Error(`source ${id} has no audio`);
    const context = new AudioContext();
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(new MediaStream([audio])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    const deadline = performance.now() + ms;
    // 2048 samples are ~43 ms at 48 kHz: polling every 20 ms sees every sample at least once.
    while (performance.now() < deadline) {
      analyser.getFloatTimeDomainData(samples);
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await context.close();
    return peak;
  },
  async pixels(id, points) {
    const ctx = drawBitmap(id);
    return points.map(([x, y]) => [...ctx.getImageData(x, y, 1, 1).data]);
  },
  async countColor(id, rgb, tolerance) {
    const ctx = drawBitmap(id);
    const { data } = ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (
        data[i + 3]! === 255 &&
        Math.abs(data[i]! - rgb[0]) <= tolerance &&
        Math.abs(data[i + 1]! - rgb[1]) <= tolerance &&
        Math.abs(data[i + 2]! - rgb[2]) <= tolerance
      )
        count++;
    }
    return count;
  },
  dispose(id) {
    const { source } = get(id);
    const tracks = [source.visual?.type === 'track' ? source.visual.track : undefined, source.audio].filter(
      (t): t is MediaStreamTrack => t !== undefined,
    );
    source.dispose();
    sources.delete(id);
    return { tracksLive: tracks.filter((t) => t.readyState === 'live').length };
  },
  async publish(stream) {
    const pattern = new TestPatternSource({ width: 1280, height: 720, frameRate: 30 });
    const publisher = new Publisher({ stream });
    publishing = { publisher, pattern };
    await publisher.publish(pattern.stream);
  },
  async unpublish() {
    if (!publishing) return;
    await publishing.publisher.stop();
    publishing.publisher.dispose();
    publishing.pattern.dispose();
    publishing = undefined;
  },
};

(window as unknown as { __sources: SourcesHarness }).__sources = harness;
