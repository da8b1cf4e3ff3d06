import { StudioError } from '../studio-error';
import type { RecordedFile, RecordingSession } from './recording-session';
import { withDuration } from './webm-duration';

/** Best first; the browser's own default as the last resort. */
export const WEBM_MIME_TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];

export interface WebmRecordingOptions {
  videoBitrate?: number;
  audioBitrate?: number;
}

/** How often MediaRecorder hands over data: the progress granularity, and what a crash can lose. */
const TIMESLICE_MS = 1000;

/**
 * Records with MediaRecorder: every browser has it, no WebCodecs needed. MediaRecorder writes a
 * live WebM with no duration or cues, so the finished file is remuxed once (webm-duration.ts);
 * that holds one copy of the file in memory for a moment, unlike the MP4 path.
 */
export class WebmRecording implements RecordingSession {
  readonly mimeType: string;
  bytes = 0;
  private readonly parts: Blob[] = [];
  private readonly recorder: MediaRecorder;
  private startedAt = 0;
  /** Settles on the recorder's `stop`, whoever stopped it (us, or every track ending). */
  private readonly stopped: Promise<number>;

  constructor(
    tracks: MediaStreamTrack[],
    options: WebmRecordingOptions,
    private readonly onError: (error: StudioError) => void,
  ) {
    if (typeof MediaRecorder === 'undefined') throw StudioError.unsupported('record WebM (no MediaRecorder)');
    const mimeType = WEBM_MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    if (!mimeType) throw StudioError.unsupported('record WebM');
    this.recorder = new MediaRecorder(new MediaStream(tracks), {
      mimeType,
      ...(options.videoBitrate ? { videoBitsPerSecond: options.videoBitrate } : {}),
      ...(options.audioBitrate ? { audioBitsPerSecond: options.audioBitrate } : {}),
    });
    this.mimeType = mimeType;
    this.recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size === 0) return;
      this.parts.push(event.data);
      this.bytes += event.data.size;
    });
    this.stopped = new Promise((resolve) =>
      this.recorder.addEventListener('stop', () => resolve(performance.now()), { once: true }),
    );
    this.recorder.addEventListener('error', (event) => {
      const cause = (event as Event & { error?: unknown }).error;
      this.onError(StudioError.recordingFailed('the browser’s recorder stopped.', cause));
    });
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.recorder.addEventListener(
        'start',
        () => {
          this.startedAt = performance.now();
          resolve();
        },
        { once: true },
      );
      try {
        this.recorder.start(TIMESLICE_MS);
      } catch (error) {
        reject(StudioError.recordingFailed('the browser’s recorder would not start.', error));
      }
    });
  }

  async finish(): Promise<RecordedFile> {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    // The last `dataavailable` fires before `stop`.
    const stoppedAt = await this.stopped;
    const recorded = new Blob(this.parts, { type: this.mimeType });
    return (
      (await withDuration(recorded)) ?? { blob: recorded, durationMs: Math.round(stoppedAt - this.startedAt) }
    );
  }

  abort(): void {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
  }
}
