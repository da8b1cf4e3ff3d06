/** Stable codes of a pull's failures; they appear in logs and in the stream info's `error`. */
export const IngestErrorCodes = {
  /** The ffmpeg or ffprobe binary is not there (not installed, or a wrong path in `pull`). */
  toolMissing: 'ingest/ffmpeg-missing',
  /** The source could not be read: HTTP error, unreachable, not a playlist, or no media in time. */
  sourceUnreadable: 'ingest/source-unreadable',
  /** The source has no video stream (audio-only sources are not pulled). */
  noVideo: 'ingest/no-video',
  /** ffmpeg stopped with an error, or sent nothing for too long. */
  sourceFailed: 'ingest/source-failed',
} as const;

export type IngestErrorCode = (typeof IngestErrorCodes)[keyof typeof IngestErrorCodes];

/** Why a pull attempt failed; whether it is worth retrying follows from the code. */
export class IngestError extends Error {
  override name = 'IngestError';

  constructor(
    readonly code: IngestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** A missing binary does not come back by retrying. */
  get retryable(): boolean {
    return this.code !== IngestErrorCodes.toolMissing;
  }

  static toolMissing(binary: string, cause?: unknown): IngestError {
    return new IngestError(
      IngestErrorCodes.toolMissing,
      `${binary} was not found: install ffmpeg (Debian: apt-get install ffmpeg) or set pull.ffmpegPath / pull.ffprobePath`,
      { cause },
    );
  }

  static sourceUnreadable(url: string, detail: string): IngestError {
    return new IngestError(IngestErrorCodes.sourceUnreadable, `cannot read ${url}: ${detail}`);
  }

  static noVideo(url: string): IngestError {
    return new IngestError(
      IngestErrorCodes.noVideo,
      `${url} has no video stream; only sources with video are pulled`,
    );
  }

  static sourceFailed(url: string, detail: string): IngestError {
    return new IngestError(IngestErrorCodes.sourceFailed, `pulling ${url} failed: ${detail}`);
  }
}
