import type { CmafTrack } from '../cmaf-sample';

/** A short, well-formed avcC record (Constrained Baseline 3.0, one SPS, one PPS). */
export const TEST_AVCC = Uint8Array.from([
  1, 0x42, 0xc0, 0x1e, 0xff, 0xe1, 0, 4, 0x67, 0x42, 0xc0, 0x1e, 1, 0, 4, 0x68, 0xce, 0x3c, 0x80,
]);

/** The H.264 track of the packaging tests: 320×180, 90 kHz. */
export const TEST_VIDEO_TRACK = {
  id: 1,
  kind: 'video',
  codec: 'avc1',
  timescale: 90000,
  width: 320,
  height: 180,
  avcC: TEST_AVCC,
} satisfies CmafTrack;

/** The Opus track of the packaging tests: stereo, 48 kHz, the usual 312-sample pre-skip. */
export const TEST_AUDIO_TRACK = {
  id: 2,
  kind: 'audio',
  codec: 'opus',
  timescale: 48000,
  channels: 2,
  sampleRate: 48000,
  preSkip: 312,
} satisfies CmafTrack;
