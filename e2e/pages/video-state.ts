import type { Locator } from '@playwright/test';

/** What a <video> element itself reports, whatever feeds it. */
export interface VideoState {
  paused: boolean;
  ended: boolean;
  currentTime: number;
  /** End of the last buffered range (s), 0 when nothing is buffered. */
  bufferedEnd: number;
  readyState: number;
  /** `MediaError` as `code message`, null when there is none. */
  error: string | null;
  videoWidth: number;
  videoHeight: number;
  /** Chromium's `webkitAudioDecodedByteCount`: grows only while audio is really being decoded. */
  audioDecodedBytes: number;
}

export function readVideoState(video: Locator): Promise<VideoState> {
  return video.evaluate((element) => {
    const target = element as HTMLVideoElement & { webkitAudioDecodedByteCount?: number };
    const { buffered } = target;
    return {
      paused: target.paused,
      ended: target.ended,
      currentTime: target.currentTime,
      bufferedEnd: buffered.length > 0 ? buffered.end(buffered.length - 1) : 0,
      readyState: target.readyState,
      error: target.error ? `${target.error.code} ${target.error.message}` : null,
      videoWidth: target.videoWidth,
      videoHeight: target.videoHeight,
      audioDecodedBytes: target.webkitAudioDecodedByteCount ?? 0,
    };
  });
}
