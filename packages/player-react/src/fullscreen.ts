/**
 * Fullscreen of the player's container (so the controls come along), with the prefixed API of older
 * Safari, and iPhone Safari's video-only fullscreen as the last resort (it has no element fullscreen).
 */

interface WebkitDocument {
  webkitFullscreenElement?: Element | null;
  webkitFullscreenEnabled?: boolean;
  webkitExitFullscreen?: () => void;
}

interface WebkitElement {
  webkitRequestFullscreen?: () => void;
}

interface WebkitVideo {
  webkitEnterFullscreen?: () => void;
  webkitExitFullscreen?: () => void;
  webkitSupportsFullscreen?: boolean;
  webkitDisplayingFullscreen?: boolean;
}

function webkitDocument(doc: Document): WebkitDocument {
  return doc as unknown as WebkitDocument;
}

function elementFullscreenEnabled(doc: Document): boolean {
  return doc.fullscreenEnabled === true || webkitDocument(doc).webkitFullscreenEnabled === true;
}

export function canFullscreen(container: HTMLElement, video: HTMLVideoElement): boolean {
  const doc = container.ownerDocument;
  if (elementFullscreenEnabled(doc)) return true;
  const webkit = video as unknown as WebkitVideo;
  return typeof webkit.webkitEnterFullscreen === 'function' && webkit.webkitSupportsFullscreen !== false;
}

export function isFullscreen(container: HTMLElement, video: HTMLVideoElement): boolean {
  const doc = container.ownerDocument;
  const element = doc.fullscreenElement ?? webkitDocument(doc).webkitFullscreenElement ?? null;
  return element === container || (video as unknown as WebkitVideo).webkitDisplayingFullscreen === true;
}

export async function toggleFullscreen(container: HTMLElement, video: HTMLVideoElement): Promise<void> {
  const doc = container.ownerDocument;
  const webkitDoc = webkitDocument(doc);
  const webkitVideo = video as unknown as WebkitVideo;
  try {
    if (isFullscreen(container, video)) {
      if (doc.fullscreenElement) await doc.exitFullscreen();
      else if (webkitDoc.webkitFullscreenElement) webkitDoc.webkitExitFullscreen?.();
      else webkitVideo.webkitExitFullscreen?.();
      return;
    }
    if (typeof container.requestFullscreen === 'function' && doc.fullscreenEnabled) {
      await container.requestFullscreen({ navigationUI: 'hide' });
    } else if (typeof (container as unknown as WebkitElement).webkitRequestFullscreen === 'function') {
      (container as unknown as WebkitElement).webkitRequestFullscreen?.();
    } else {
      webkitVideo.webkitEnterFullscreen?.();
    }
  } catch {
    // Refused (no user gesture, an iframe without allow="fullscreen"): the button simply does nothing,
    // which is what the viewer sees from the browser anyway.
  }
}

/** Calls `listener` whenever the player enters or leaves fullscreen; returns the unsubscribe function. */
export function onFullscreenChange(
  container: HTMLElement,
  video: HTMLVideoElement,
  listener: () => void,
): () => void {
  const doc = container.ownerDocument;
  const documentEvents = ['fullscreenchange', 'webkitfullscreenchange'];
  const videoEvents = ['webkitbeginfullscreen', 'webkitendfullscreen'];
  for (const type of documentEvents) doc.addEventListener(type, listener);
  for (const type of videoEvents) video.addEventListener(type, listener);
  return () => {
    for (const type of documentEvents) doc.removeEventListener(type, listener);
    for (const type of videoEvents) video.removeEventListener(type, listener);
  };
}
