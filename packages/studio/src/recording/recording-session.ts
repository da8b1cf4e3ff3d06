/** A finished recording's file and the length of media it holds. */
export interface RecordedFile {
  blob: Blob;
  durationMs: number;
}

/**
 * One recording in one container, as ProgramRecorder drives it: started once, finished once. Each
 * format has its own (mp4-recording.ts, webm-recording.ts); failures while recording go to the
 * `onError` the session was built with.
 */
export interface RecordingSession {
  /** The file's MIME type with codecs; known once `start()` resolved. */
  readonly mimeType: string;
  /** Encoded bytes so far (for progress; the file adds a little container overhead). */
  readonly bytes: number;
  start(): Promise<void>;
  /** Stops taking media and completes the file. */
  finish(): Promise<RecordedFile>;
  /** Drops everything (after a failure or on dispose). */
  abort(): void;
}
