import path from 'node:path';
import type { AccessUnit } from '../media/access-unit';
import type { MetadataStore } from '../metadata/metadata-store';
import { Mp4Fragmenter } from '../mp4/mp4-fragmenter';
import type { MediaReader } from '../stream/media-buffer';
import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { FragmentFile } from './fragment-file';
import { recordingFileName, type RecordingFileName } from './recording-file-name';
import { startsNewFile } from './recording-rotation';

/**
 * Fragments of at most this much media (and one at every keyframe): what a crash can lose at the
 * end of a file, against the `moof` overhead of shorter ones.
 */
const FRAGMENT_MS = 1000;

export interface StreamRecorderOptions {
  /** The recordings directory; files go to `<dir>/<name>/<name>-<start>.mp4`. */
  dir: string;
  /** A new file starts at the first keyframe this long after the current file's start. */
  segmentMs: number;
  log: Logger;
  /** The stream's metadata: its events go into the files as ID3 `emsg`, as in the `.mp4` output. */
  metadata?: MetadataStore | undefined;
  /** A file was closed (rotation, a configuration change, the end): its name, media span and size. */
  onFileDone?: (file: RecordedFile) => void;
  /** The recording stopped by itself: the publish ended. */
  onEnd?: () => void;
}

/** A file being written or done. */
export interface RecordedFile {
  name: RecordingFileName;
  /** Stream ms of the media in it: the first keyframe to the end of the last picture. */
  firstMs: number;
  lastMs: number;
  bytes: number;
}

interface OpenFile extends RecordedFile {
  avcC: Uint8Array;
  fragmenter: Mp4Fragmenter;
  output: FragmentFile;
}

/**
 * Records one live stream to fragmented MP4 files: a reader of the stream's media from the live
 * edge (it starts at a fresh keyframe), our `Mp4Fragmenter` (the `.mp4` output's init and
 * `moof`/`mdat` fragments, `tfdt` on the stream timeline, metadata events as ID3 `emsg`), each fragment written to the file as it
 * is cut, so a file is playable up to its last complete fragment whatever happens to the process.
 * Files rotate at the first keyframe `segmentMs` after a file's start, and at a new SPS/PPS.
 * Audio of up to a picture's length at a seam lands in the earlier file.
 *
 * `finish()` flushes the last fragment and closes the files; the publish ending does it too.
 */
export class StreamRecorder {
  private readonly reader: MediaReader;
  private file: OpenFile | undefined;
  private readonly closing: Promise<void>[] = [];
  private finished: Promise<void> | undefined;
  private readonly unsubscribe: () => void;
  /** The recordings directory this recorder writes under (`<dir>/<name>/...`). */
  readonly dir: string;

  constructor(
    readonly stream: string,
    private readonly media: LiveMedia,
    private readonly options: StreamRecorderOptions,
  ) {
    this.dir = options.dir;
    // Listeners run later (never during addReader), once `reader` is set.
    this.reader = media.addReader({
      onData: () => this.drain(),
      onEnd: () => {
        void this.finish();
        this.options.onEnd?.();
      },
    });
    // An event accepted after its span was written rides the next fragment.
    this.unsubscribe =
      options.metadata?.subscribe((event) => this.file?.fragmenter.addLateEvent(event)) ?? (() => {});
  }

  /** The file being written, if the first keyframe came. */
  get current(): RecordedFile | undefined {
    const file = this.file;
    return file && { name: file.name, firstMs: file.firstMs, lastMs: file.lastMs, bytes: file.output.bytes };
  }

  /** Flushes what is pending into the current file and closes every file; resolves once on disk. */
  finish(): Promise<void> {
    this.finished ??= (async () => {
      this.drain();
      this.reader.close();
      this.unsubscribe();
      this.closeFile();
      await Promise.all(this.closing);
    })();
    return this.finished;
  }

  private drain(): void {
    if (this.finished) return;
    for (const unit of this.reader.take()) this.push(unit);
  }

  private push(unit: AccessUnit): void {
    if (startsNewFile(unit, this.file, this.options.segmentMs)) {
      this.closeFile();
      this.openFile(unit);
    }
    const file = this.file;
    if (!file) return;
    for (const bytes of file.fragmenter.push(unit)) file.output.write(bytes);
    if (unit.kind === 'video') {
      file.lastMs = Math.max(file.lastMs, unit.streamMs + (unit.duration ?? 0) / 90);
    }
    if (file.output.error) {
      this.options.log.error(
        { err: file.output.error, stream: this.stream, file: file.name.path },
        `recording ${this.stream} stopped: cannot write ${file.name.path}`,
      );
      void this.finish();
    }
  }

  private openFile(keyframe: AccessUnit): void {
    const video = keyframe.config ?? this.media.videoConfig;
    if (video?.kind !== 'video') return;
    const name = recordingFileName(this.stream, Math.round(this.media.startUnixMs + keyframe.streamMs));
    const { metadata } = this.options;
    const fragmenter = new Mp4Fragmenter({
      video,
      audio: this.media.audioConfig,
      targetMs: FRAGMENT_MS,
      ...(metadata ? { metadata: (fromMs: number, toMs: number) => metadata.between(fromMs, toMs) } : {}),
    });
    const output = new FragmentFile(path.join(this.options.dir, name.path));
    output.write(fragmenter.init);
    this.file = {
      name,
      avcC: video.avcC,
      fragmenter,
      output,
      firstMs: keyframe.streamMs,
      lastMs: keyframe.streamMs,
      bytes: 0,
    };
    this.options.log.info(
      { stream: this.stream, file: name.path },
      `recording ${this.stream} to ${name.path}`,
    );
  }

  private closeFile(): void {
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    for (const bytes of file.fragmenter.flush()) file.output.write(bytes);
    this.closing.push(
      file.output.close().then(
        () =>
          this.options.onFileDone?.({
            name: file.name,
            firstMs: file.firstMs,
            lastMs: file.lastMs,
            bytes: file.output.bytes,
          }),
        (error: unknown) =>
          this.options.log.error(
            { err: error, stream: this.stream, file: file.name.path },
            `recording file ${file.name.path} failed`,
          ),
      ),
    );
  }
}
