import { EncodedPacket, EncodedVideoPacketSource, MpegTsOutputFormat, NullTarget, Output } from 'mediabunny';
import type { AccessUnit, TrackConfig } from '../media/access-unit';

export const TS_PACKET_SIZE = 188;
const VIDEO_CLOCK = 90000;
const START_CODE = Uint8Array.of(0, 0, 0, 1);
const EMPTY = new Uint8Array(0);

/**
 * Live H.264 access units (AVCC, starting at a keyframe) to an MPEG transport stream, through
 * mediabunny's `MpegTsOutputFormat`: PAT and PMT once, then one PES per picture with PTS = DTS =
 * the unit's dts (stream time, so every output of a stream carries the same time). Video only:
 * mediabunny's TS muxer takes no Opus, and the relay does not transcode.
 *
 * mediabunny holds every video packet until the next key packet (it derives DTS by sorting the
 * GOP's presentation times, for B-frames), which for a WebRTC publisher — keyframes on request
 * only — would hold the whole stream. So every packet goes in as `key`: the previous picture is
 * written when the next one arrives (one frame of latency) and nothing else is kept. That is also
 * why the input is Annex B without a `description`: with an `avcC`, mediabunny would repeat
 * SPS/PPS in front of every `key` packet; here they go in front of real keyframes only, and the
 * `random_access_indicator` mediabunny sets on every PES is cleared on the others.
 *
 * A new video configuration (SPS/PPS) ends the stream, as for `.mp4`: `configChanged` turns true,
 * the pending picture comes out, and nothing more is muxed. Units are shared between readers and
 * never mutated.
 */
export class TsMuxer {
  private readonly output: Output;
  private readonly source = new EncodedVideoPacketSource('avc');
  private started: Promise<void> | undefined;
  private lastDts: number | undefined;
  /** Whether each picture handed to mediabunny and not yet written is a keyframe, oldest first. */
  private readonly pending: boolean[] = [];
  private packets: Uint8Array[] = [];
  private ended = false;
  private _configChanged = false;
  /** Calls run one at a time: each one's output is the packets written while it ran. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly video: TrackConfig & { kind: 'video' }) {
    this.output = new Output({
      format: new MpegTsOutputFormat({ onPacket: (packet) => this.onPacket(packet) }),
      // Packets are taken from `onPacket`; the target keeps nothing.
      target: new NullTarget(),
    });
    this.output.addVideoTrack(this.source);
  }

  /** A unit brought a video configuration other than this muxer's; nothing more is output. */
  get configChanged(): boolean {
    return this._configChanged;
  }

  /**
   * Adds a unit; resolves to the whole 188-byte packets it completed (usually the previous
   * picture's, plus PAT/PMT once), possibly none. Audio, and video before the first keyframe or
   * not moving time forward, is skipped.
   */
  push(unit: AccessUnit): Promise<Uint8Array> {
    return this.serialize(() => this.add(unit));
  }

  /** End of stream: the pending picture's packets. Later pushes output nothing. */
  finish(): Promise<Uint8Array> {
    return this.serialize(() => this.end());
  }

  private serialize(task: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async add(unit: AccessUnit): Promise<Uint8Array> {
    if (this.ended || unit.kind !== 'video') return EMPTY;
    if (unit.config?.kind === 'video' && !equalBytes(unit.config.avcC, this.video.avcC)) {
      this._configChanged = true;
      return this.end();
    }
    const first = this.lastDts === undefined;
    if (first ? !unit.keyframe : unit.dts <= (this.lastDts ?? 0)) return EMPTY;
    this.lastDts = unit.dts;
    await (this.started ??= this.output.start());
    const { codec, width, height } = this.video;
    this.pending.push(unit.keyframe);
    await this.source.add(
      new EncodedPacket(this.annexB(unit), 'key', unit.dts / VIDEO_CLOCK, (unit.duration ?? 0) / VIDEO_CLOCK),
      first ? { decoderConfig: { codec, codedWidth: width, codedHeight: height } } : undefined,
    );
    return this.take();
  }

  private async end(): Promise<Uint8Array> {
    if (this.ended) return EMPTY;
    this.ended = true;
    if (!this.started) return EMPTY;
    await this.started;
    await this.output.finalize();
    return this.take();
  }

  /** The picture in Annex B, after this configuration's SPS and PPS when it is a keyframe. */
  private annexB(unit: AccessUnit): Uint8Array {
    const nalUnits = unit.keyframe ? [this.video.sps, this.video.pps] : [];
    const { data } = unit;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let at = 0; at + 4 <= data.length;) {
      const length = view.getUint32(at);
      nalUnits.push(data.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    return concat(nalUnits.flatMap((nal) => [START_CODE, nal]));
  }

  /** Every packet mediabunny writes; a PES start of a non-keyframe loses its random access flag. */
  private onPacket(packet: Uint8Array): void {
    const payloadStart = ((packet[1] ?? 0) & 0x40) !== 0;
    const adaptationField = ((packet[3] ?? 0) & 0x20) !== 0;
    const payloadAt = adaptationField ? 5 + (packet[4] ?? 0) : 4;
    const videoPes =
      payloadStart &&
      packet[payloadAt] === 0 &&
      packet[payloadAt + 1] === 0 &&
      packet[payloadAt + 2] === 1 &&
      ((packet[payloadAt + 3] ?? 0) & 0xf0) === 0xe0;
    if (videoPes && this.pending.shift() === false && adaptationField && (packet[4] ?? 0) > 0) {
      packet[5] = (packet[5] ?? 0) & ~0x40;
    }
    this.packets.push(packet);
  }

  private take(): Uint8Array {
    const out = concat(this.packets);
    this.packets = [];
    return out;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) return EMPTY;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
