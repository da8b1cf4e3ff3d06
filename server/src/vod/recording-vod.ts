import { stat } from 'node:fs/promises';
import { parseRecordingFileName } from '../recording/recording-file-name';
import { indexFragmentedMp4, withFileBytes, type VodIndex } from './fragment-index';
import { vodMediaPlaylist, vodMultivariantPlaylist } from './vod-playlist';

/** What a recording's HLS needs of the recording manager. */
export interface RecordingFiles {
  /** The absolute path of an existing recording file, if the name is one this server writes. */
  locate(name: string, file: string): Promise<string | undefined>;
  /** Whether a recorder is writing this file now. */
  isWriting(absolutePath: string): boolean;
}

/** A recording file's playlists by URL name: `<file>.m3u8` (multivariant), `<file>.media.m3u8`. */
const PLAYLIST = /^(.+\.mp4)(\.media)?\.m3u8$/;

/** Indexes kept (a few hundred bytes per fragment); the least recently used goes first. */
const MAX_CACHED_INDEXES = 64;

export interface VodPlaylist {
  text: string;
  /** The file is still being written: its playlist grows and must be revalidated. */
  growing: boolean;
}

/**
 * Serves each recording as HLS VoD without copying it: `<file>.m3u8` names one rendition,
 * `<file>.media.m3u8` lists its fragments as byte ranges of `<file>` (an `EVENT` playlist while
 * it is being written, `VOD` once closed). A file's index is cached by size and mtime: a closed
 * recording is scanned once, a growing one again when it grew.
 */
export class RecordingVod {
  private readonly indexes = new Map<string, { size: number; mtimeMs: number; index: VodIndex }>();

  constructor(private readonly files: RecordingFiles) {}

  /** Whether `file` (the last path part under `/recordings/:name/`) names a recording's playlist. */
  static isPlaylist(file: string): boolean {
    return PLAYLIST.test(file);
  }

  /**
   * The playlist `file` names; undefined when there is no such recording or it cannot be indexed.
   * `query` (`?token=…`, or empty) follows every URI it lists, so players keep presenting it.
   */
  async playlist(name: string, file: string, query = ''): Promise<VodPlaylist | undefined> {
    const match = PLAYLIST.exec(file);
    const mp4 = match?.[1];
    const parsed = mp4 === undefined ? undefined : parseRecordingFileName(name, mp4);
    if (!mp4 || !parsed) return undefined;
    const absolute = await this.files.locate(name, mp4);
    const index = absolute && (await this.indexOf(absolute));
    if (!absolute || !index) return undefined;
    const growing = this.files.isWriting(absolute);
    if (!match?.[2]) return { text: vodMultivariantPlaylist(index, `${mp4}.media.m3u8${query}`), growing };
    return {
      text: vodMediaPlaylist(index, { mediaUri: `${mp4}${query}`, growing, startUnixMs: parsed.startUnixMs }),
      growing,
    };
  }

  private async indexOf(file: string): Promise<VodIndex | undefined> {
    const info = await stat(file);
    const cached = this.indexes.get(file);
    this.indexes.delete(file);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
      this.indexes.set(file, cached);
      return cached.index;
    }
    const index = await withFileBytes(file, (bytes) => indexFragmentedMp4(bytes));
    if (!index) return undefined;
    this.indexes.set(file, { size: info.size, mtimeMs: info.mtimeMs, index });
    for (const oldest of this.indexes.keys()) {
      if (this.indexes.size <= MAX_CACHED_INDEXES) break;
      this.indexes.delete(oldest);
    }
    return index;
  }
}
