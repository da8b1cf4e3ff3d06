/**
 * Publishes the studio's test pattern with any `Publisher` option, without the studio app (whose
 * UI offers only some of them): the studio-publish specs use it for codecs, keyframe interval,
 * simulcast and bitrate. Bundled by esbuild into an IIFE (publish-harness-script.ts) and added to a
 * document the server answers.
 */
import { Publisher, TestPatternSource, type PublisherOptions, type PublisherState } from '@brume/studio';

export type PublishHarnessOptions = Pick<
  PublisherOptions,
  'stream' | 'videoCodec' | 'keyframeIntervalMs' | 'simulcast' | 'maxVideoBitrate'
>;

/** One outbound-rtp video entry of the publisher's getStats (one per simulcast layer). */
export interface OutboundVideo {
  rid?: string;
  frameWidth?: number;
  frameHeight?: number;
  framesEncoded?: number;
  keyFramesEncoded?: number;
  bytesSent?: number;
  pliCount?: number;
  mimeType?: string;
}

export interface PublishHarness {
  start(options: PublishHarnessOptions): Promise<void>;
  state(): PublisherState | undefined;
  /** The SDP offer and answer of the current connection. */
  sdp(): { offer?: string; answer?: string };
  outboundVideo(): Promise<OutboundVideo[]>;
  /** `maxBitrate` of each video encoding as the sender holds it. */
  maxBitrates(): (number | undefined)[];
  setMaxVideoBitrate(bitsPerSecond: number | undefined): Promise<void>;
  stop(): Promise<void>;
}

let source: TestPatternSource | undefined;
let publisher: Publisher | undefined;

const harness: PublishHarness = {
  async start(options) {
    source = new TestPatternSource({ width: 1280, height: 720, frameRate: 30, audio: 'silent' });
    publisher = new Publisher({ ...options, sessionStore: null });
    await publisher.publish(source.stream);
  },
  state: () => publisher?.state,
  sdp() {
    const pc = publisher?.peerConnection;
    return { offer: pc?.localDescription?.sdp, answer: pc?.remoteDescription?.sdp };
  },
  async outboundVideo() {
    const report = await publisher?.peerConnection?.getStats();
    const entries: OutboundVideo[] = [];
    const codecs = new Map<string, string>();
    report?.forEach((entry: { type: string; id: string; mimeType?: string }) => {
      if (entry.type === 'codec' && entry.mimeType) codecs.set(entry.id, entry.mimeType);
    });
    report?.forEach((entry: RTCOutboundRtpStreamStats & { kind?: string; codecId?: string }) => {
      if (entry.type !== 'outbound-rtp' || entry.kind !== 'video') return;
      entries.push({
        ...(entry.rid !== undefined ? { rid: entry.rid } : {}),
        ...(entry.frameWidth !== undefined ? { frameWidth: entry.frameWidth } : {}),
        ...(entry.frameHeight !== undefined ? { frameHeight: entry.frameHeight } : {}),
        ...(entry.framesEncoded !== undefined ? { framesEncoded: entry.framesEncoded } : {}),
        ...(entry.keyFramesEncoded !== undefined ? { keyFramesEncoded: entry.keyFramesEncoded } : {}),
        ...(entry.bytesSent !== undefined ? { bytesSent: entry.bytesSent } : {}),
        ...(entry.pliCount !== undefined ? { pliCount: entry.pliCount } : {}),
        ...(entry.codecId && codecs.has(entry.codecId) ? { mimeType: codecs.get(entry.codecId) } : {}),
      });
    });
    return entries.sort((a, b) => (a.rid ?? '').localeCompare(b.rid ?? ''));
  },
  maxBitrates() {
    const sender = publisher?.peerConnection?.getSenders().find((s) => s.track?.kind === 'video');
    return sender?.getParameters().encodings.map((e) => e.maxBitrate) ?? [];
  },
  setMaxVideoBitrate: async (bitsPerSecond) => publisher?.setMaxVideoBitrate(bitsPerSecond),
  async stop() {
    await publisher?.stop();
    publisher?.dispose();
    source?.dispose();
  },
};

(window as unknown as { __publishHarness: PublishHarness }).__publishHarness = harness;
