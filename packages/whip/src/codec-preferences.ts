/**
 * Puts the codecs of one MIME type first on a transceiver (e.g. H.264 for video, so the server can
 * repackage it for HLS/DASH instead of only relaying VP8). Within H.264, packetization-mode=1 with
 * constrained baseline comes first because every browser decodes it and Chromium's OpenH264 encodes it.
 * Returns false when the browser cannot set preferences or has no such codec.
 */
export function preferCodec(
  transceiver: RTCRtpTransceiver,
  mimeType: string,
  kind: 'audio' | 'video',
): boolean {
  const capabilities =
    globalThis.RTCRtpReceiver?.getCapabilities?.(kind) ?? globalThis.RTCRtpSender?.getCapabilities?.(kind);
  if (!capabilities || typeof transceiver.setCodecPreferences !== 'function') return false;
  const wanted = mimeType.toLowerCase();
  const score = (codec: RTCRtpCodec): number => {
    if (codec.mimeType.toLowerCase() !== wanted) return 0;
    const fmtp = codec.sdpFmtpLine ?? '';
    let s = 10;
    if (/packetization-mode=1/.test(fmtp)) s += 4;
    if (/profile-level-id=42e0/i.test(fmtp)) s += 2;
    return s;
  };
  const codecs = [...capabilities.codecs];
  if (!codecs.some((c) => score(c) > 0)) return false;
  codecs.sort((a, b) => score(b) - score(a));
  try {
    transceiver.setCodecPreferences(codecs);
    return true;
  } catch {
    return false;
  }
}
