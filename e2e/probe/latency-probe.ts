/**
 * Glass-to-glass latency on any page with a <video>, whatever plays it (hls.js, dash.js, shaka, a bare
 * MSE client, `<video src>`): bundled into an IIFE by probe-script.ts and injected into the page, it
 * reads the studio test pattern's timecode off every presented frame. The player's own LatencyMeter
 * is not part of @brume/player's public API and samples lazily once a stream carries no timecode;
 * this reads every frame with the same decoding from @brume/protocol and the same clock mapping.
 */
import { decodeTimecode, frameLatencyMs, timecodeSampleSize } from '@brume/protocol';

/** What the probe has seen since `start`. */
export interface ProbeReading {
  /** Latency (ms) of each presented frame that carried a readable timecode, oldest first. */
  samples: number[];
  /** `performance.now()` (ms since navigation start) of the first presented frame. */
  firstFrameAt?: number;
  /** Frames presented since `start`, with or without a timecode. */
  frames: number;
}

/** The page bridge: `window.__probe`. */
export interface LatencyProbe {
  /** Starts watching `video` (once per element; a second call is ignored). */
  start(video: HTMLVideoElement): void;
  /**
   * Starts every <video> in the document and each one added later: for a page whose player creates
   * its element itself (the Brume player), injected as an init script before the page's own code.
   */
  watch(): void;
  read(): ProbeReading;
}

export const PROBE_KEY = '__probe';

/** Samples kept: 5 minutes at 30 fps, far more than any spec or bench asks for. */
const MAX_SAMPLES = 9_000;

function createLatencyProbe(): LatencyProbe {
  const samples: number[] = [];
  let firstFrameAt: number | undefined;
  let frames = 0;
  const watched = new WeakSet<HTMLVideoElement>();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false });

  const measure = (video: HTMLVideoElement, metadata: VideoFrameCallbackMetadata): void => {
    const sourceWidth = video.videoWidth || metadata.width;
    const sourceHeight = video.videoHeight || metadata.height;
    if (!context || !sourceWidth || !sourceHeight) return;
    const { stripHeight, width, height } = timecodeSampleSize(sourceWidth, sourceHeight);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0, sourceWidth, stripHeight, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const captureMs = decodeTimecode(rgba, width, height, Date.now());
    if (captureMs === undefined) return;
    // The studio stamps Date.now(); the display time is on the performance clock, which drifts from
    // the wall clock over a page's life, so it is mapped through the offset of this very moment.
    const readAt = Date.now();
    const displayedAt = readAt - performance.now() + metadata.expectedDisplayTime;
    samples.push(frameLatencyMs(captureMs, displayedAt, readAt));
    if (samples.length > MAX_SAMPLES) samples.shift();
  };

  const probe: LatencyProbe = {
    start(video) {
      if (watched.has(video)) return;
      watched.add(video);
      const onFrame = (now: number, metadata: VideoFrameCallbackMetadata): void => {
        // Ask for the next frame first, so a frame that cannot be read does not stop the probe.
        video.requestVideoFrameCallback(onFrame);
        frames++;
        firstFrameAt ??= now;
        measure(video, metadata);
      };
      video.requestVideoFrameCallback(onFrame);
    },
    watch() {
      const startAll = (): void => document.querySelectorAll('video').forEach((video) => probe.start(video));
      new MutationObserver(startAll).observe(document, { childList: true, subtree: true });
      startAll();
    },
    read() {
      return { samples: [...samples], firstFrameAt, frames };
    },
  };
  return probe;
}

// Injected twice (a page object and a test both adding it), the first probe and its samples stay.
(window as unknown as Partial<Record<typeof PROBE_KEY, LatencyProbe>>)[PROBE_KEY] ??= createLatencyProbe();
