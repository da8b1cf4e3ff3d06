/**
 * Calls `onFrame` with the media time and RTP timestamp of every video frame the browser displays
 * (requestVideoFrameCallback metadata has both for WebRTC video). The core's frame clock passes
 * engines only the media time. Returns the teardown; without rVFC it does nothing.
 */
export function observeFrameRtp(
  video: HTMLVideoElement,
  onFrame: (mediaTime: number, rtpTimestamp: number) => void,
): () => void {
  if (typeof video.requestVideoFrameCallback !== 'function') return () => {};
  let handle: number | undefined;
  const request = (): void => {
    handle = video.requestVideoFrameCallback((_now, metadata) => {
      request();
      if (metadata.rtpTimestamp !== undefined) onFrame(metadata.mediaTime, metadata.rtpTimestamp);
    });
  };
  request();
  return () => {
    if (handle !== undefined) video.cancelVideoFrameCallback(handle);
    handle = undefined;
  };
}
