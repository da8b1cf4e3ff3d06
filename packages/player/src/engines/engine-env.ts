import type { EngineEnv } from './types';

interface MediaSourceLike {
  isTypeSupported?(mime: string): boolean;
}

/** Probes the running browser. Safe without a DOM (tests, SSR): everything is then unsupported. */
export function detectEngineEnv(): EngineEnv {
  const g = globalThis as {
    RTCPeerConnection?: unknown;
    WebSocket?: unknown;
    RTCRtpReceiver?: { getCapabilities?(kind: string): { codecs: { mimeType: string }[] } | null };
    MediaSource?: MediaSourceLike;
    ManagedMediaSource?: MediaSourceLike;
    document?: Document;
  };
  let probe: HTMLVideoElement | undefined;
  const mse = g.MediaSource ?? g.ManagedMediaSource;
  const codecs = new Map<string, string[]>();
  return {
    webrtc: typeof g.RTCPeerConnection === 'function',
    mediaSource: typeof mse === 'function',
    webSocket: typeof g.WebSocket === 'function',
    canPlayType(mime) {
      if (!g.document) return '';
      probe ??= g.document.createElement('video');
      return probe.canPlayType(mime) as '' | 'maybe' | 'probably';
    },
    isTypeSupported(mime) {
      try {
        return typeof mse?.isTypeSupported === 'function' && mse.isTypeSupported(mime);
      } catch {
        return false;
      }
    },
    webrtcCodecs(kind) {
      let list = codecs.get(kind);
      if (!list) {
        const caps = g.RTCRtpReceiver?.getCapabilities?.(kind);
        list = [...new Set((caps?.codecs ?? []).map((c) => c.mimeType.toLowerCase()))];
        codecs.set(kind, list);
      }
      return list;
    },
  };
}
