import {
  getFirstEncodableAudioCodec,
  getFirstEncodableVideoCodec,
  MediaStreamAudioTrackSource,
  MediaStreamVideoTrackSource,
  Mp4OutputFormat,
  Output,
  Quality,
  StreamTarget,
  type AudioCodec,
  type EncodedPacket,
  type StreamTargetChunk,
  type VideoCodec,
} from 'mediabunny';
import { StudioError } from '../studio-error';
import type { RecordedFile, RecordingSession } from './recording-session';

/**
 * H.264 first: the MP4 every editor and player opens. VP9 and AV1 in MP4 are valid and play in
 * browsers, VLC and ffmpeg, a fallback for builds without an H.264 encoder.
 */
export const MP4_VIDEO_CODECS: VideoCodec[] = ['avc', 'vp9', 'av1'];
/** AAC where the browser can encode it (not Chromium on Linux), else Opus, which MP4 carries too. */
export const MP4_AUDIO_CODECS: AudioCodec[] = ['aac', 'opus'];

export interface Mp4RecordingOptions {
  /** Bits per second; default: mediabunny's "high" quality for the frame size. */
  videoBitrate?: number;
  audioBitrate?: number;
  keyFrameIntervalS: number;
}

/**
 * Records through WebCodecs and mediabunny into a fragmented MP4. Fragmented because it is written
 * strictly in order: each fragment goes to the page's Blob store as it is finished (Chromium moves
 * large blobs to disk), so an hour-long recording does not have to sit in the tab's memory until
 * the end, and the file is valid up to the last fragment if the tab dies.
 */
export class Mp4Recording implements RecordingSession {
  mimeType = 'video/mp4';
  bytes = 0;
  private readonly parts: Blob[] = [];
  private written = 0;
  private endS = 0;
  private output: Output | undefined;

  constructor(
    private readonly video: MediaStreamTrack,
    private readonly audio: MediaStreamTrack | undefined,
    private readonly options: Mp4RecordingOptions,
    private readonly onError: (error: StudioError) => void,
  ) {}

  async start(): Promise<void> {
    if (!isVideoTrack(this.video))
      throw StudioError.recordingFailed('the program video is not a video track.');
    const audio = this.audio;
    if (audio && !isAudioTrack(audio))
      throw StudioError.recordingFailed('the program audio is not an audio track.');
    const { width, height, frameRate } = this.video.getSettings();
    const videoQuality = new Quality(this.options.videoBitrate ?? 'high');
    const videoCodec = await getFirstEncodableVideoCodec(MP4_VIDEO_CODECS, {
      width,
      height,
      quality: videoQuality,
    });
    if (!videoCodec) throw StudioError.unsupported('record MP4 (no H.264, VP9 or AV1 video encoder)');
    const audioQuality = new Quality(this.options.audioBitrate ?? 'high');
    const audioCodec = audio
      ? await getFirstEncodableAudioCodec(MP4_AUDIO_CODECS, {
          numberOfChannels: 2,
          sampleRate: 48000,
          quality: audioQuality,
        })
      : null;
    if (audio && !audioCodec) throw StudioError.unsupported('record MP4 audio (no AAC or Opus encoder)');

    const output = new Output({
      format: new Mp4OutputFormat({ fastStart: 'fragmented' }),
      target: new StreamTarget(this.sink()),
    });
    this.output = output;
    const onEncodedPacket = (packet: EncodedPacket) => {
      this.bytes += packet.byteLength;
      this.endS = Math.max(this.endS, packet.timestamp + packet.duration);
    };
    const videoSource = new MediaStreamVideoTrackSource(this.video, {
      codec: videoCodec,
      quality: videoQuality,
      keyFrameInterval: this.options.keyFrameIntervalS,
      // A live source cannot wait for a slow encoder: dropping a frame beats an unbounded backlog.
      latencyMode: 'realtime',
      onEncodedPacket,
    });
    output.addVideoTrack(videoSource, frameRate ? { frameRate } : {});
    videoSource.errorPromise.catch((error: unknown) => this.fail('the video encoder stopped', error));
    if (audio && audioCodec) {
      const audioSource = new MediaStreamAudioTrackSource(audio, {
        codec: audioCodec,
        quality: audioQuality,
        onEncodedPacket,
      });
      output.addAudioTrack(audioSource);
      audioSource.errorPromise.catch((error: unknown) => this.fail('the audio encoder stopped', error));
    }
    await output.start();
    this.mimeType = await output.getMimeType();
  }

  async finish(): Promise<RecordedFile> {
    if (!this.output) throw StudioError.recordingFailed('the recording never started.');
    await this.output.finalize();
    return { blob: new Blob(this.parts, { type: this.mimeType }), durationMs: Math.round(this.endS * 1000) };
  }

  abort(): void {
    const output = this.output;
    if (output && output.state !== 'finalized' && output.state !== 'canceled')
      void output.cancel().catch(() => undefined);
  }

  private fail(what: string, cause: unknown): void {
    if (this.output?.state === 'canceled') return;
    this.onError(StudioError.recordingFailed(`${what}.`, cause));
  }

  /** Appends each written chunk; a fragmented MP4 never seeks back, so anything else is a bug. */
  private sink(): WritableStream<StreamTargetChunk> {
    return new WritableStream<StreamTargetChunk>({
      write: (chunk) => {
        if (chunk.position !== this.written) {
          throw StudioError.recordingFailed(
            `the MP4 writer went back to byte ${chunk.position} of ${this.written}.`,
          );
        }
        this.parts.push(new Blob([chunk.data]));
        this.written += chunk.data.byteLength;
      },
    });
  }
}

function isVideoTrack(track: MediaStreamTrack): track is MediaStreamVideoTrack {
  return track.kind === 'video';
}

function isAudioTrack(track: MediaStreamTrack): track is MediaStreamAudioTrack {
  return track.kind === 'audio';
}
