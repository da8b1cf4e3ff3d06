/// <reference types="dom-mediacapture-transform" />
import type { WorkerVisual } from './compositor-messages';

/** How a track's frames reach the worker (reported in the compositor's stats). */
export type TrackInput = 'track-processor' | 'video-element';

/** A track being fed to the worker: the visual to send it (with what to transfer), and its teardown. */
export interface TrackFeed {
  readonly visual: WorkerVisual;
  readonly transfer: Transferable[];
  dispose(): void;
}

/** Whether tracks can be read as VideoFrame streams (Chromium's MediaStreamTrackProcessor). */
export function trackInput(): TrackInput {
  return 'MediaStreamTrackProcessor' in globalThis ? 'track-processor' : 'video-element';
}

/** The fallback feed's pace when the element cannot tell us about new frames (no rVFC). */
const POLL_FPS = 30;

/**
 * Starts feeding `track`. With MediaStreamTrackProcessor the readable stream of its VideoFrames is
 * transferred to the worker, which reads it off the main thread (`maxBufferSize: 1`: a late reader
 * gets the newest frame, not a backlog). Without it, a hidden `<video>` plays the track and each
 * new frame is copied into an ImageBitmap for `push` (main-thread work, and rVFC pauses in a hidden
 * tab: the fallback is not background-safe). The caller's track is never stopped here: it belongs to
 * its source.
 */
export function openTrackFeed(track: MediaStreamTrack, push: (frame: ImageBitmap) => void): TrackFeed {
  if (trackInput() === 'track-processor') {
    const processor = new MediaStreamTrackProcessor({
      track: track as MediaStreamVideoTrack,
      maxBufferSize: 1,
    });
    const stream = processor.readable;
    return { visual: { type: 'stream', stream }, transfer: [stream], dispose: () => undefined };
  }
  return videoElementFeed(track, push);
}

function videoElementFeed(track: MediaStreamTrack, push: (frame: ImageBitmap) => void): TrackFeed {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  video.play().catch(() => undefined);
  let disposed = false;
  let copying = false;
  let callback: number | undefined;
  let interval: ReturnType<typeof setInterval> | undefined;

  const copy = (): void => {
    if (disposed || copying || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    copying = true;
    createImageBitmap(video)
      .then((bitmap) => (disposed ? bitmap.close() : push(bitmap)))
      // A frame the element could not give (it was resizing, or the track just ended) is skipped.
      .catch(() => undefined)
      .finally(() => (copying = false));
  };

  if ('requestVideoFrameCallback' in video) {
    const onFrame = (): void => {
      copy();
      if (!disposed) callback = video.requestVideoFrameCallback(onFrame);
    };
    callback = video.requestVideoFrameCallback(onFrame);
  } else {
    interval = setInterval(copy, 1000 / POLL_FPS);
  }

  return {
    visual: { type: 'pushed' },
    transfer: [],
    dispose: () => {
      disposed = true;
      if (callback !== undefined) video.cancelVideoFrameCallback(callback);
      if (interval !== undefined) clearInterval(interval);
      video.pause();
      video.srcObject = null;
    },
  };
}
