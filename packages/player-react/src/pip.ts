/**
 * The pop-out window, for now the video element's own Picture-in-Picture (issue 7 moves it to
 * Document Picture-in-Picture, which can carry the controls: that change stays inside this file and
 * `PipButton`).
 */

export function pipSupported(video: HTMLVideoElement): boolean {
  const doc = video.ownerDocument;
  return (
    doc.pictureInPictureEnabled === true &&
    !video.disablePictureInPicture &&
    typeof video.requestPictureInPicture === 'function'
  );
}

export function isInPip(video: HTMLVideoElement): boolean {
  return video.ownerDocument.pictureInPictureElement === video;
}

export async function togglePip(video: HTMLVideoElement): Promise<void> {
  if (!pipSupported(video)) return;
  try {
    if (isInPip(video)) await video.ownerDocument.exitPictureInPicture();
    else await video.requestPictureInPicture();
  } catch {
    // Refused (no user gesture, no video frame yet): nothing changes, and the button still shows
    // the state the browser reports.
  }
}

export function onPipChange(video: HTMLVideoElement, listener: () => void): () => void {
  video.addEventListener('enterpictureinpicture', listener);
  video.addEventListener('leavepictureinpicture', listener);
  return () => {
    video.removeEventListener('enterpictureinpicture', listener);
    video.removeEventListener('leavepictureinpicture', listener);
  };
}
