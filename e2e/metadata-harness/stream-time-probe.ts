/**
 * Watches the Brume player on the demo page (through its test bridge), from before its first
 * frame (added as an init script): for every displayed frame, the stream time the engine maps
 * (`frame.streamMs`), the capture time read off the studio test pattern's timecode, and the
 * arrival-anchored time the WHEP engine used before its clock messages (the first frame placed at
 * the wall clock's "now", the others by media time); and every metadata event the player fires,
 * with the frame it fired on. Bundled into an IIFE by the spec.
 */
import type { PlayerTestBridge } from '@brume/player';
import { decodeTimecode, timecodeSampleSize } from '@brume/protocol';

export interface ProbedFrame {
  mediaTime: number;
  /** The element's `currentTime` when the frame was shown. */
  currentTime: number;
  /** The engine's `mediaTimeToStreamMs`, as the core used it for this frame. */
  engineMs: number | undefined;
  /** Arrival-anchored, Unix ms: subtract `timeline.startUnixMs` for stream time. */
  arrivalUnixMs: number;
  /** Capture time (Unix ms) from the timecode, if this frame's strip was readable. */
  captureUnixMs: number | undefined;
  /** The frame's RTP timestamp (requestVideoFrameCallback metadata). */
  rtpTimestamp?: number;
}

export interface FiredEvent {
  id: number | undefined;
  track: string;
  time: number;
  data: unknown;
  late: boolean;
  /** The engine's stream time of the frame on screen when the callback ran. */
  frameEngineMs: number | undefined;
  frameCaptureUnixMs: number | undefined;
}

export interface StreamTimeProbe {
  read(): { frames: ProbedFrame[]; fired: FiredEvent[] };
}

const MAX_FRAMES = 9_000;

function createProbe(): StreamTimeProbe {
  const frames: ProbedFrame[] = [];
  const fired: FiredEvent[] = [];
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
  let anchor: { mediaTime: number; wallMs: number } | undefined;
  /** RTP timestamps by media time, from a frame callback of its own (before or after the core's). */
  const rtpByMediaTime = new Map<number, number>();

  const readTimecode = (video: HTMLVideoElement): number | undefined => {
    const { videoWidth: sourceWidth, videoHeight: sourceHeight } = video;
    if (!context || !sourceWidth || !sourceHeight) return undefined;
    const { stripHeight, width, height } = timecodeSampleSize(sourceWidth, sourceHeight);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0, sourceWidth, stripHeight, 0, 0, width, height);
    return decodeTimecode(context.getImageData(0, 0, width, height).data, width, height, Date.now());
  };

  const attach = (): boolean => {
    const player = (window as unknown as { __brume?: PlayerTestBridge }).__brume?.player;
    const video = document.querySelector('video');
    if (!player || !video) return false;
    const onVideoFrame = (_now: number, metadata: VideoFrameCallbackMetadata): void => {
      video.requestVideoFrameCallback(onVideoFrame);
      if (metadata.rtpTimestamp === undefined) return;
      rtpByMediaTime.set(metadata.mediaTime, metadata.rtpTimestamp);
      const frame = frames.findLast((f) => f.mediaTime === metadata.mediaTime);
      if (frame) frame.rtpTimestamp = metadata.rtpTimestamp;
      if (rtpByMediaTime.size > 300) rtpByMediaTime.delete(rtpByMediaTime.keys().next().value!);
    };
    video.requestVideoFrameCallback(onVideoFrame);
    // Subscribers run inside the core's frame callback, before its `frame` event for the same
    // frame: the event fills in the engine's stream time of the frame they fired on.
    let waiting: FiredEvent[] = [];
    player.metadata.subscribe('*', (event) => {
      const record: FiredEvent = {
        id: event.id,
        track: event.track,
        time: event.time,
        data: event.data,
        late: event.late,
        frameEngineMs: undefined,
        frameCaptureUnixMs: readTimecode(video),
      };
      fired.push(record);
      waiting.push(record);
    });
    player.on('frame', (frame) => {
      for (const record of waiting) record.frameEngineMs = frame.streamMs;
      waiting = [];
      anchor ??= { mediaTime: frame.mediaTime, wallMs: Date.now() };
      frames.push({
        mediaTime: frame.mediaTime,
        currentTime: video.currentTime,
        engineMs: frame.streamMs,
        arrivalUnixMs: anchor.wallMs + (frame.mediaTime - anchor.mediaTime) * 1000,
        captureUnixMs: readTimecode(video),
        rtpTimestamp: rtpByMediaTime.get(frame.mediaTime),
      });
      if (frames.length > MAX_FRAMES) frames.shift();
    });
    return true;
  };
  const timer = setInterval(() => {
    if (attach()) clearInterval(timer);
  }, 5);

  return {
    read() {
      return { frames: frames.map((f) => ({ ...f })), fired: fired.map((f) => ({ ...f })) };
    },
  };
}

(window as unknown as { __streamTimeProbe: StreamTimeProbe }).__streamTimeProbe = createProbe();
