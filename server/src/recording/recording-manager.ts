import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes } from '@brume/protocol';
import { parseRecordingFileName } from './recording-file-name';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { RecordingList, type RecordingListing } from './recording-list';
import type { RecordingPolicy } from './recording-policy';
import { StreamRecorder, type RecordedFile } from './stream-recorder';

export interface RecordingEvents {
  [event: string]: unknown[];
  /** A file was closed (rotation, a new video configuration, stop, end, finish): `recording_done`. */
  file: [stream: string, file: RecordedFile];
}

/**
 * Who records what: streams the policy says record always (named in the relay's
 * `recording.streams`, a wildcard stream `live+alice` following `live`, or with a `recording`
 * section in their config entry) are recorded from each time they go live; any live H.264 stream
 * can also be started and stopped by hand (`start`/`stop`). A recording ends with its publish (a
 * replaced publisher ends it too; configured streams start again when live again). `finish()`
 * closes every recording, for a graceful shutdown.
 */
export class RecordingManager {
  readonly events: Emitter<RecordingEvents>;
  private readonly recorders = new Map<string, StreamRecorder>();
  private readonly files: RecordingList;
  private readonly offState: () => void;
  private closed = false;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly mediaOf: (name: string) => LiveMedia | undefined,
    private readonly policy: RecordingPolicy,
    private readonly log: Logger,
  ) {
    this.events = new Emitter((error) => log.error({ err: error }, 'recording listener failed'));
    this.files = new RecordingList(() => policy.directories());
    this.offState = registry.events.on('state', (stream) => {
      if (stream.state !== 'live' || this.recorders.has(stream.name)) return;
      if (!policy.planFor(stream.name).always) return;
      if (!this.mediaOf(stream.name)) {
        log.warn({ stream: stream.name }, `stream ${stream.name} is not H.264: it is not recorded`);
        return;
      }
      this.start(stream.name);
    });
  }

  /** Names of the streams being recorded. */
  get active(): string[] {
    return [...this.recorders.keys()];
  }

  isRecording(name: string): boolean {
    return this.recorders.has(name);
  }

  /** Starts recording a live stream: 404 `stream/not-found` if it is not live H.264, 409 `recording/active`. */
  start(name: string): void {
    const state = this.registry.get(name)?.state;
    const media = !this.closed && (state === 'live' || state === 'starting') ? this.mediaOf(name) : undefined;
    if (!media) {
      throw state === 'live' || state === 'starting'
        ? new BrumeError(ErrorCodes.streamNotFound, `stream ${name} has no H.264 video to record`)
        : BrumeError.streamOffline(name);
    }
    if (this.recorders.has(name)) {
      throw new BrumeError(ErrorCodes.recordingActive, `stream ${name} is already being recorded`);
    }
    const plan = this.policy.planFor(name);
    const recorder: StreamRecorder = new StreamRecorder(name, media, {
      dir: plan.dir,
      segmentMs: plan.segmentMs,
      log: this.log,
      metadata: this.registry.get(name)?.metadata,
      onFileDone: (file) => {
        this.log.info(
          {
            stream: name,
            file: file.name.path,
            durationMs: Math.round(file.lastMs - file.firstMs),
            bytes: file.bytes,
          },
          `recording file ${file.name.path} done`,
        );
        this.events.emit('file', name, file);
      },
      onEnd: () => {
        if (this.recorders.get(name) === recorder) this.recorders.delete(name);
      },
    });
    this.recorders.set(name, recorder);
  }

  /** Stops a recording and resolves once its files are closed: 404 `recording/not-found` if none runs. */
  async stop(name: string): Promise<void> {
    const recorder = this.recorders.get(name);
    if (!recorder) throw new BrumeError(ErrorCodes.recordingNotFound, `stream ${name} is not being recorded`);
    this.recorders.delete(name);
    await recorder.finish();
  }

  /** The files on disk, with the duration of those being written taken from their recorder. */
  list(): Promise<(RecordingListing & { active: boolean })[]> {
    const current = new Map<string, RecordedFile>();
    for (const recorder of this.recorders.values()) {
      const file = recorder.current;
      if (file) current.set(path.join(recorder.dir, file.name.path), file);
    }
    return this.files
      .list((file) => {
        const open = current.get(file);
        return open && Math.round(open.lastMs - open.firstMs);
      })
      .then((files) => files.map((file) => ({ ...file, active: current.has(file.absolutePath) })));
  }

  /** Whether a recorder is writing the file at `absolutePath` now (it still grows). */
  isWriting(absolutePath: string): boolean {
    for (const recorder of this.recorders.values()) {
      const file = recorder.current;
      if (file && path.join(recorder.dir, file.name.path) === absolutePath) return true;
    }
    return false;
  }

  /**
   * The absolute path of recording `file` of stream `name`, if it exists in one of the recording
   * directories. Only names this server writes resolve: nothing else under (or above) them is reachable.
   */
  async locate(name: string, file: string): Promise<string | undefined> {
    const parsed = parseRecordingFileName(name, file);
    if (!parsed) return undefined;
    for (const dir of this.policy.directories()) {
      const absolute = path.join(dir, parsed.path);
      if ((await stat(absolute).catch(() => undefined))?.isFile()) return absolute;
    }
    return undefined;
  }

  /** Flushes and closes every recording (graceful shutdown); no new one starts afterwards. */
  async finish(): Promise<void> {
    this.closed = true;
    this.offState();
    const recorders = [...this.recorders.values()];
    this.recorders.clear();
    await Promise.all(recorders.map((recorder) => recorder.finish()));
    this.events.removeAll();
  }
}
