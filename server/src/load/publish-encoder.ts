import { spawn, execFile, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { H264AccessUnitReader, type AccessUnit } from './h264-access-unit-reader';
import { OggOpusReader } from './ogg-opus-reader';
import {
  AUDIO_FD,
  VIDEO_FD,
  publishFfmpegArgs,
  type EncodeSettings,
  type PublishSource,
} from './publish-ffmpeg-args';
import { PublishError } from './publish-error';

const KILL_AFTER_MS = 2000;
const STDERR_KEEP = 2000;
/** After the video pipe closes, how long ffmpeg gets to exit and say why before the input counts as ended. */
const EXIT_GRACE_MS = 500;

export interface EncoderListener {
  picture(unit: AccessUnit): void;
  audio(packet: Uint8Array, receivedAt: number): void;
  /**
   * The input ended (the video pipe closed: the end of a file without `--loop`) or ffmpeg stopped
   * by itself; with an error (its last stderr) unless it exited 0. Called once.
   */
  exit(error: PublishError | undefined): void;
}

/**
 * The publisher's one ffmpeg process: H.264 Annex B on fd 3, Ogg Opus on fd 4, read into access
 * units and Opus packets as they come. `stop()` ends it (SIGTERM, SIGKILL if it lingers) and resolves
 * once it has exited, so nothing is left behind.
 */
export class PublishEncoder {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stopping = false;
  private stderr = '';
  private grace: NodeJS.Timeout | undefined;

  constructor(source: PublishSource, settings: EncodeSettings, listener: EncoderListener, ffmpeg = 'ffmpeg') {
    const video = new H264AccessUnitReader();
    const audio = new OggOpusReader();
    this.child = spawn(ffmpeg, publishFfmpegArgs(source, settings), {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    let spawnError: Error | undefined;
    let ended = false;
    const end = (error: PublishError | undefined) => {
      if (ended || this.stopping) return;
      ended = true;
      listener.exit(error);
    };
    this.child.once('error', (error) => (spawnError = error));
    const videoOut = this.child.stdio[VIDEO_FD] as Readable;
    videoOut.on('data', (chunk: Buffer) => {
      for (const unit of video.push(chunk, Date.now())) listener.picture(unit);
    });
    // Generated silence (a file without audio) never ends by itself: the video's end is the input's.
    videoOut.once('end', () => {
      const last = video.flush(Date.now());
      if (last && !this.stopping) listener.picture(last);
      // A crash closes the pipe too: its exit status, if it comes at once, says more than this.
      if (spawnError === undefined && !this.stopping)
        this.grace = setTimeout(() => end(undefined), EXIT_GRACE_MS);
    });
    (this.child.stdio[AUDIO_FD] as Readable).on('data', (chunk: Buffer) => {
      const now = Date.now();
      for (const packet of audio.push(chunk)) listener.audio(packet, now);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    this.exited = new Promise((resolve) =>
      this.child.once('close', (code, signal) => {
        clearTimeout(this.grace);
        resolve();
        const tail = this.stderr.trim();
        end(
          spawnError
            ? PublishError.ffmpeg(`cannot run ${ffmpeg}: ${spawnError.message}`, spawnError)
            : code === 0
              ? undefined
              : PublishError.ffmpeg(`ffmpeg stopped (${signal ?? `exit ${code}`})${tail ? `: ${tail}` : ''}`),
        );
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.grace);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), KILL_AFTER_MS);
      await this.exited;
      clearTimeout(killer);
    }
    await this.exited;
  }
}

/** What `--file` needs to know before encoding: audio or not, its duration, whether `--copy` can work. */
export async function probeFile(
  path: string,
  copy: boolean,
  ffprobe = 'ffprobe',
): Promise<{ hasAudio: boolean; durationS: number | undefined }> {
  let streams: { codec_type?: string; codec_name?: string; has_b_frames?: number }[];
  let duration: string | undefined;
  try {
    const args = ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path];
    const { stdout } = await promisify(execFile)(ffprobe, args);
    const parsed = JSON.parse(stdout) as { streams?: typeof streams; format?: { duration?: string } };
    streams = parsed.streams ?? [];
    duration = parsed.format?.duration;
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw PublishError.ffmpeg(`cannot read ${path} with ffprobe: ${reason}`, error);
  }
  const video = streams.find((stream) => stream.codec_type === 'video');
  if (!video) throw new PublishError('publish/unsupported-input', `${path} has no video stream`);
  if (copy && video.codec_name !== 'h264')
    throw new PublishError(
      'publish/unsupported-input',
      `--copy needs H.264 video; ${path} has ${video.codec_name}: drop --copy to re-encode`,
    );
  // WebRTC receivers expect decode order = display order.
  if (copy && (video.has_b_frames ?? 0) > 0)
    throw new PublishError(
      'publish/unsupported-input',
      `${path} has B-frames, which WebRTC cannot carry: drop --copy to re-encode`,
    );
  const durationS = Number(duration);
  return {
    hasAudio: streams.some((stream) => stream.codec_type === 'audio'),
    durationS: Number.isFinite(durationS) && durationS > 0 ? durationS : undefined,
  };
}
