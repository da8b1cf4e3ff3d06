import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FilePathSource, Input, MP4 } from 'mediabunny';
import { parseRecordingFileName, type RecordingFileName } from './recording-file-name';

/** One recording file on disk. */
export interface RecordingListing extends RecordingFileName {
  bytes: number;
  /** Media duration; null when the file cannot be read (cut before its first fragment). */
  durationMs: number | null;
}

/**
 * The recording files under `dir` (`<name>/<name>-<start>.mp4`; anything else is ignored), oldest
 * first per stream. `known` gives the duration of files this process tracks (the one being
 * written); others are read with mediabunny (last sample end minus first `tfdt`), cached by path
 * and size, as a finished file does not change.
 */
export class RecordingList {
  private readonly durations = new Map<string, { bytes: number; durationMs: number | null }>();

  constructor(private readonly dir: string) {}

  async list(known: (path: string) => number | undefined): Promise<RecordingListing[]> {
    const streams = await readdir(this.dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const out: RecordingListing[] = [];
    for (const entry of streams.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      for (const file of (await readdir(path.join(this.dir, entry.name))).sort()) {
        const name = parseRecordingFileName(entry.name, file);
        if (!name) continue;
        const info = await stat(path.join(this.dir, name.path)).catch(() => undefined);
        if (!info?.isFile()) continue;
        const durationMs = known(name.path) ?? (await this.durationOf(name.path, info.size));
        out.push({ ...name, bytes: info.size, durationMs });
      }
    }
    return out;
  }

  private async durationOf(file: string, bytes: number): Promise<number | null> {
    const cached = this.durations.get(file);
    if (cached?.bytes === bytes) return cached.durationMs;
    const input = new Input({ source: new FilePathSource(path.join(this.dir, file)), formats: [MP4] });
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
