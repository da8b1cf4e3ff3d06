import type { EngineEnv } from './types';

/** Probes the running browser. Safe without a DOM (tests, SSR): everything is then unsupported. */
export function detectEngineEnv(): EngineEnv {
  const g = globalThis as {
    RTCPeerConnection?: unknown;
    MediaSource?: unknown;
    ManagedMediaSource?: unknown;
    document?: Document;
  };
  let probe: HTMLVideoElement | undefined;
  return {
    webrtc: typeof g.RTCPeerConnection === 'function',
    mediaSource: typeof g.MediaSource === 'function' || typeof g.ManagedMediaSource === 'function',
    canPlayType(mime) {
      if (!g.document) return '';
      probe ??= g.document.createElement('video');
      return probe.canPlayType(mime) as '' | 'maybe' | 'probably';
    },
  };
}
