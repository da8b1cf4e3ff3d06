import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Emitter } from '../util/emitter';
import { writeFileAtomic } from './atomic-write';
import type { ConfigDocument } from './config-document';
import { ConfigFileError } from './config-file-error';
import { parseConfigText } from './parse-config-file';
import { serializeConfig } from './serialize-config';
import { settingsFor, triggersOf, type StreamSettings, type TriggerSettings } from './stream-settings';

/** What one accepted change did. */
export interface ConfigChange {
  previous: ConfigDocument;
  current: ConfigDocument;
  /** Top-level keys whose value differs (`streams`, `port`, `triggers`, ...). */
  keys: (keyof ConfigDocument)[];
  /** Stream entries added, removed or changed. */
  streams: string[];
  /** `update` (the admin API) or `file` (an edit on disk). */
  origin: 'update' | 'file';
}

export type ConfigStoreEvents = {
  change: [change: ConfigChange];
  /** An edit on disk was rejected (the running config stays), or a save failed. */
  error: [error: ConfigFileError | Error];
  /** The file was written (once per burst of updates). */
  saved: [file: string];
};

export interface ConfigStoreOptions {
  /** Quiet time after the last `update` before the file is written. */
  saveDelayMs?: number;
  /** Quiet time after the last change on disk before the file is read again. */
  reloadDelayMs?: number;
  /** Where a throwing listener's error goes. */
  onListenerError?: (error: unknown) => void;
}

const DEFAULT_SAVE_DELAY_MS = 500;
const DEFAULT_RELOAD_DELAY_MS = 100;

/**
 * The running config and its file. `update()` applies a change at once and writes the file
 * atomically a short while after the last one (many updates, one write); an edit on disk is read
 * again (debounced), and a broken one is rejected with its `file:line:column` while the running
 * config stays. Without a file the store holds the defaults in memory and never writes.
 */
export class ConfigStore {
  readonly events: Emitter<ConfigStoreEvents>;
  private current: ConfigDocument;
  /** The text the file holds as far as we know: what we read or wrote last. */
  private text: string;
  /** The text of our latest write: its watch event must not count as an edit. */
  private writtenText: string | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly watcher: FSWatcher | undefined;
  private readonly saveDelayMs: number;
  private readonly reloadDelayMs: number;
  private disposed = false;

  private constructor(
    /** Absolute path of the file, or undefined for an in-memory store. */
    readonly file: string | undefined,
    document: ConfigDocument,
    text: string,
    options: ConfigStoreOptions,
  ) {
    this.current = document;
    this.text = text;
    this.saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
    this.reloadDelayMs = options.reloadDelayMs ?? DEFAULT_RELOAD_DELAY_MS;
    this.events = new Emitter(options.onListenerError);
    if (file) {
      // Watch the directory, not the file: editors and our own saves replace the file by a rename,
      // which ends a watch on the old inode.
      const name = path.basename(file);
      this.watcher = watch(path.dirname(file), (_event, changed) => {
        if (changed === null || changed === name) this.scheduleReload();
      });
      this.watcher.on('error', (error) => this.events.emit('error', error));
    }
  }

  /** Reads and validates `file` (throws `ConfigFileError`), or starts empty when `file` is undefined. */
  static async open(file: string | undefined, options: ConfigStoreOptions = {}): Promise<ConfigStore> {
    if (file === undefined) return new ConfigStore(undefined, {}, '', options);
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      throw ConfigFileError.unreadable(absolute, error);
    }
    return new ConfigStore(absolute, parseConfigText(text, absolute), text, options);
  }

  /** The running config, as the file would say it. Do not mutate it; use `update`. */
  get document(): ConfigDocument {
    return this.current;
  }

  /** The settings of stream `name` (wildcards resolved), or undefined for an invalid name. */
  settingsFor(name: string): StreamSettings | undefined {
    return settingsFor(this.current, name, this.file ? path.dirname(this.file) : process.cwd());
  }

  get triggers(): TriggerSettings {
    return triggersOf(this.current);
  }

  /**
   * Changes the running config: `mutator` edits a copy, which must still be valid (else this throws
   * a `ConfigFileError` whose lines point into the text the file would have had, and nothing
   * changes). Emits `change` and schedules the save.
   */
  update(mutator: (draft: ConfigDocument) => void): ConfigDocument {
    const draft = structuredClone(this.current);
    mutator(draft);
    const file = this.file ?? 'config.yaml';
    const text = serializeConfig(draft, file, this.text);
    const next = parseConfigText(text, file);
    if (this.file) {
      this.text = text;
      this.scheduleSave();
    }
    this.apply(next, 'update');
    return next;
  }

  /** Writes a pending update now (and waits for a write in progress). */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.save();
    }
    await this.saving;
  }

  /** Stops watching; a pending update is written first. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.flush();
    this.disposed = true;
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.events.removeAll();
  }

  private apply(next: ConfigDocument, origin: ConfigChange['origin']): void {
    const previous = this.current;
    const keys = [...new Set([...Object.keys(previous), ...Object.keys(next)])].filter(
      (key) => !isDeepStrictEqual(previous[key as keyof ConfigDocument], next[key as keyof ConfigDocument]),
    ) as (keyof ConfigDocument)[];
    if (keys.length === 0) return;
    const before = previous.streams ?? {};
    const after = next.streams ?? {};
    const streams = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (name) => !isDeepStrictEqual(before[name], after[name]),
    );
    this.current = next;
    this.events.emit('change', { previous, current: next, keys, streams, origin });
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, this.saveDelayMs);
  }

  private save(): void {
    const file = this.file;
    if (!file) return;
    this.saving = this.saving.then(async () => {
      // The newest text: updates that came while an earlier write ran are in it.
      const text = this.text;
      this.writtenText = text;
      try {
        await writeFileAtomic(file, text);
        this.events.emit('saved', file);
      } catch (error) {
        this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private scheduleReload(): void {
    if (this.disposed) return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      void this.reload();
    }, this.reloadDelayMs);
  }

  private async reload(): Promise<void> {
    const file = this.file;
    if (!file || this.disposed) return;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // Between an editor's delete and its new file; the next event brings the file back.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.events.emit('error', ConfigFileError.unreadable(file, error));
      return;
    }
    // Our own save coming back (perhaps overtaken by a newer update), or a touch without a change.
    if (this.disposed || text === this.text || text === this.writtenText) return;
    let next: ConfigDocument;
    try {
      next = parseConfigText(text, file);
    } catch (error) {
      this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.saveTimer) {
      // The file was edited by hand before our pending update was written: the hand edit wins.
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    this.text = text;
    this.apply(next, 'file');
  }
}
