import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FilePathSource, Input, MP4 } from 'mediabunny';
import { parseRecordingFileName, type RecordingFileName } from './recording-file-name';

/** One recording file on disk. */
export interface RecordingListing extends RecordingFileName {
  /** Where it is: `<directory>/<path>`. */
  absolutePath: string;
  bytes: number;
  /** Media duration; null when the file cannot be read (cut before its first fragment). */
  durationMs: number | null;
}

/**
 * The recording files under the recording directories (`<name>/<name>-<start>.mp4`; anything else
 * is ignored), oldest first per stream. `known` gives the duration of files this process tracks
 * (the one being written, by absolute path); others are read with mediabunny (last sample end minus
 * first `tfdt`), cached by path and size, as a finished file does not change.
 */
export class RecordingList {
  private readonly durations = new Map<string, { bytes: number; durationMs: number | null }>();

  constructor(private readonly directories: () => readonly string[]) {}

  async list(known: (absolutePath: string) => number | undefined): Promise<RecordingListing[]> {
    const out: RecordingListing[] = [];
    for (const dir of this.directories()) {
      const streams = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      for (const entry of streams.filter((e) => e.isDirectory())) {
        for (const file of await readdir(path.join(dir, entry.name))) {
          const name = parseRecordingFileName(entry.name, file);
          if (!name) continue;
          const absolutePath = path.join(dir, name.path);
          const info = await stat(absolutePath).catch(() => undefined);
          if (!info?.isFile()) continue;
          const durationMs = known(absolutePath) ?? (await this.durationOf(absolutePath, info.size));
          out.push({ ...name, absolutePath, bytes: info.size, durationMs });
        }
      }
    }
    // By stream, then oldest first (file names sort by start), whichever directory they are in.
    return out.sort((a, b) => a.stream.localeCompare(b.stream) || a.path.localeCompare(b.path));
  }

  private async durationOf(file: string, bytes: number): Promise<number | null> {
    const cached = this.durations.get(file);
    if (cached?.bytes === bytes) return cached.durationMs;
    const input = new Input({ source: new FilePathSource(file), formats: [MP4] });
    let durationMs: number | null;
    try {
      durationMs = Math.round(((await input.computeDuration()) - (await input.getFirstTimestamp())) * 1000);
    } catch {
      durationMs = null;
    } finally {
      input.dispose();
    }
    this.durations.set(file, { bytes, durationMs });
    return durationMs;
  }
}
