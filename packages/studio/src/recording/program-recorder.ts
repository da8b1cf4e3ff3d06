import { Emitter, type ErrorEvents } from '../emitter';
import { StudioError } from '../studio-error';
import { Teardown } from '../teardown';
import { Mp4Recording } from './mp4-recording';
import { recordingFileName } from './recording-file-name';
import type { RecordingSession } from './recording-session';
import { WebmRecording } from './webm-recording';

export type RecordingFormat = 'mp4' | 'webm';

export type RecorderState = 'idle' | 'starting' | 'recording' | 'stopping' | 'stopped' | 'failed';

export interface ProgramRecorderOptions {
  /** The program video (the compositor's output track; it stays the same object all along). */
  video: MediaStreamTrack;
  /** The mixer's output; without it the file has no sound. */
  audio?: MediaStreamTrack;
  /**
   * `mp4`: WebCodecs + mediabunny, H.264 (else VP9/AV1) with AAC (else Opus), fragmented MP4.
   * `webm`: MediaRecorder, VP9 (else VP8) with Opus.
   */
  format: RecordingFormat;
  /** Bits per second; defaults: a high quality for the frame size (MP4), the browser's (WebM). */
  videoBitrate?: number;
  audioBitrate?: number;
  /** Start of the download name, before the date (`brume`). */
  fileNamePrefix?: string;
}

export interface RecordingProgress {
  elapsedMs: number;
  bytes: number;
}

export interface RecordingResult {
  blob: Blob;
  mimeType: string;
  /** Length of the media in the file. */
  durationMs: number;
  /** A suggested download name, e.g. `brume-2025-03-14-093005.mp4`. */
  fileName: string;
}

export interface ProgramRecorderEvents extends ErrorEvents {
  state: { state: RecorderState; previous: RecorderState };
  /** Twice a second while recording. */
  progress: RecordingProgress;
  /** The file, whether `stop()` was called or a track ended. */
  stopped: RecordingResult;
}

const PROGRESS_INTERVAL_MS = 500;
const KEYFRAME_INTERVAL_S = 2;

/**
 * Records the program (video + mixed audio) to a local file, independent of what is streamed.
 * One recorder makes one file: `start()`, then `stop()` (or a track ending) gives the file, also as
 * the `stopped` event. A failure while recording becomes an `error` event and the `failed` state.
 */
export class ProgramRecorder extends Emitter<ProgramRecorderEvents> {
  private currentState: RecorderState = 'idle';
  private session: RecordingSession | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<RecordingResult> | undefined;
  private failure: StudioError | undefined;
  private startedAt = 0;
  private startedDate = new Date();
  private finalDurationMs: number | undefined;
  private readonly teardown = new Teardown();

  constructor(private readonly options: ProgramRecorderOptions) {
    super();
  }

  /** Whether this browser can record `format` at all (the codecs are checked by `start()`). */
  static isSupported(format: RecordingFormat): boolean {
    if (format === 'webm') return typeof MediaRecorder !== 'undefined';
    return typeof VideoEncoder !== 'undefined' && typeof AudioEncoder !== 'undefined';
  }

  get state(): RecorderState {
    return this.currentState;
  }

  /** Time since recording started (its final length once stopped). */
  get elapsedMs(): number {
    if (this.finalDurationMs !== undefined) return this.finalDurationMs;
    return this.currentState === 'recording' || this.currentState === 'stopping'
      ? performance.now() - this.startedAt
      : 0;
  }

  /** Encoded bytes so far. */
  get bytes(): number {
    return this.session?.bytes ?? 0;
  }

  /** Starts recording; rejects with a StudioError (`studio/unsupported`, `studio/recording-failed`). */
  start(): Promise<void> {
    if (this.currentState !== 'idle') {
      return Promise.reject(StudioError.recordingFailed('this recorder was already used; create a new one.'));
    }
    this.starting = this.begin();
    return this.starting;
  }

  /** Stops and completes the file; the same promise for every call. */
  stop(): Promise<RecordingResult> {
    this.stopping ??= this.end();
    return this.stopping;
  }

  /** Drops an unfinished recording and releases its encoders, timers and listeners. */
  dispose(): void {
    if (this.currentState !== 'stopped') this.session?.abort();
    this.teardown.run();
    this.clear();
  }

  private async begin(): Promise<void> {
    this.setState('starting');
    const { video, audio, format, videoBitrate, audioBitrate } = this.options;
    const onError = (error: StudioError) => this.fail(error);
    try {
      if (video.readyState === 'ended')
        throw StudioError.recordingFailed('the program video track has ended.');
      const session: RecordingSession =
        format === 'mp4'
          ? new Mp4Recording(
              video,
              audio,
              { videoBitrate, audioBitrate, keyFrameIntervalS: KEYFRAME_INTERVAL_S },
              onError,
            )
          : new WebmRecording(audio ? [video, audio] : [video], { videoBitrate, audioBitrate }, onError);
      this.session = session;
      await session.start();
    } catch (error) {
      const failure =
        error instanceof StudioError ? error : StudioError.recordingFailed('it could not start.', error);
      this.session?.abort();
      this.failure = failure;
      this.setState('failed');
      throw failure;
    }
    this.startedAt = performance.now();
    this.startedDate = new Date();
    this.setState('recording');
    const progress = setInterval(
      () => this.emit('progress', { elapsedMs: this.elapsedMs, bytes: this.bytes }),
      PROGRESS_INTERVAL_MS,
    );
    this.teardown.add(() => clearInterval(progress));
    // A source that goes away (screen share stopped, device unplugged) ends the file cleanly.
    for (const track of audio ? [video, audio] : [video]) {
      this.teardown.listen(track, 'ended', () => {
        this.stop().catch(() => undefined);
      });
    }
  }

  private async end(): Promise<RecordingResult> {
    if (this.currentState === 'idle') throw StudioError.recordingFailed('the recording was never started.');
    await this.starting?.catch(() => undefined);
    if (this.failure || !this.session) throw this.failure ?? StudioError.recordingFailed('it did not start.');
    this.setState('stopping');
    this.teardown.run();
    try {
      const file = await this.session.finish();
      if (this.failure) throw this.failure;
      this.finalDurationMs = file.durationMs;
      const extension = this.options.format;
      const result: RecordingResult = {
        blob: file.blob,
        mimeType: this.session.mimeType,
        durationMs: file.durationMs,
        fileName: recordingFileName(this.startedDate, extension, this.options.fileNamePrefix),
      };
      this.setState('stopped');
      this.emit('progress', { elapsedMs: file.durationMs, bytes: file.blob.size });
      this.emit('stopped', result);
      return result;
    } catch (error) {
      const failure =
        error instanceof StudioError
          ? error
          : StudioError.recordingFailed('the file could not be completed.', error);
      this.fail(failure);
      throw failure;
    }
  }

  private fail(error: StudioError): void {
    if (this.currentState === 'failed' || this.currentState === 'stopped') return;
    this.failure = error;
    this.teardown.run();
    this.session?.abort();
    this.setState('failed');
    this.emit('error', error);
  }

  private setState(state: RecorderState): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    this.emit('state', { state, previous });
  }
}
