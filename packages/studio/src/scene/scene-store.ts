import { Emitter, type ErrorEvents } from '../emitter';
import { StudioError } from '../studio-error';
import { Teardown } from '../teardown';
import { BlobStore } from './blob-store';
import { importCollection } from './scene-json';
import { defaultCollection } from './scene-ops';
import type { SceneCollection } from './scene-types';

export interface SceneStoreEvents extends ErrorEvents {
  /** The collection changed (an edit, or `replace`). */
  change: SceneCollection;
}

export interface SceneStoreOptions {
  /** Where the collection is saved; default `localStorage`. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Storage key; a broken saved value is kept under `<key>.broken`. */
  key?: string;
  /** Save this long after the last change. */
  saveDelayMs?: number;
  /** Picked files; default IndexedDB. */
  files?: BlobStore;
}

export const DEFAULT_SCENE_STORAGE_KEY = 'brume.studio.scenes';
const DEFAULT_SAVE_DELAY_MS = 500;

/**
 * Owns the scene collection of the studio: loads it at start, hands it out, applies edits (the pure
 * functions of scene-ops / layer-ops) and saves it a short while after each change, so a drag that
 * changes the layer 60 times a second writes once. Pending changes are written on `flush()`, on
 * `dispose()` and when the page is hidden or closed (`pagehide`).
 *
 * A missing saved value starts the default collection; a broken one does too and reports an `error`
 * (on the next microtask, so a listener added right after construction hears it), never a crash.
 */
export class SceneStore extends Emitter<SceneStoreEvents> {
  readonly files: BlobStore;
  /** Why the saved collection could not be used, if it could not. */
  readonly loadError: StudioError | undefined;

  private current: SceneCollection;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  private readonly key: string;
  private readonly saveDelayMs: number;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly teardown = new Teardown();
  private disposed = false;

  constructor(options: SceneStoreOptions = {}) {
    super();
    this.key = options.key ?? DEFAULT_SCENE_STORAGE_KEY;
    this.saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
    this.files = options.files ?? new BlobStore();
    this.teardown.add(() => this.files.dispose());

    let storage = options.storage;
    let loadError: StudioError | undefined;
    if (!storage) {
      try {
        // Reading the property itself throws where site data is blocked.
        storage = globalThis.localStorage;
      } catch (error) {
        loadError = storageError('open the saved scenes', error);
      }
    }
    this.storage = storage;
    const loaded = storage && !loadError ? this.load(storage) : undefined;
    loadError ??= loaded?.error;
    this.current = loaded?.collection ?? defaultCollection();
    this.loadError = loadError;
    if (loadError) queueMicrotask(() => !this.disposed && this.emit('error', loadError));

    if (typeof window !== 'undefined') this.teardown.listen(window, 'pagehide', () => this.flush());
  }

  get collection(): SceneCollection {
    return this.current;
  }

  /**
   * Applies an edit, e.g. `store.update((c) => moveLayer(c, sceneId, layerId, 'up'))`. The edit's
   * typed errors reach the caller and leave the collection as it was. Returns the new collection.
   */
  update(edit: (collection: SceneCollection) => SceneCollection): SceneCollection {
    return this.replace(edit(this.current));
  }

  /** Replaces the whole collection (an imported file). */
  replace(collection: SceneCollection): SceneCollection {
    if (this.disposed) throw new StudioError('studio/stopped', 'The scene store was closed.');
    if (collection === this.current) return collection;
    this.current = collection;
    this.scheduleSave();
    this.emit('change', collection);
    return collection;
  }

  /** Writes a pending change now. */
  flush(): void {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.save();
  }

  /** Saves what is pending, stops listening, revokes object URLs and drops all listeners. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    this.teardown.run();
    this.clear();
  }

  private load(storage: Pick<Storage, 'getItem' | 'setItem'>): {
    collection?: SceneCollection;
    error?: StudioError;
  } {
    let text: string | null;
    try {
      text = storage.getItem(this.key);
    } catch (error) {
      return { error: storageError('read the saved scenes', error) };
    }
    if (text === null) return {};
    try {
      return { collection: importCollection(text) };
    } catch (error) {
      // Keep the broken value: the next save would overwrite the user's only copy.
      let where = '';
      try {
        storage.setItem(`${this.key}.broken`, text);
        where = ` The old data is kept in localStorage under "${this.key}.broken".`;
      } catch {
        // No room for a copy either: the message then promises nothing.
      }
      return {
        error: new StudioError(
          'studio/storage-failed',
          `The saved scenes could not be read, so the studio starts with a new scene.${where}`,
          { cause: error },
        ),
      };
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, this.saveDelayMs);
  }

  private save(): void {
    if (!this.storage) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(this.current));
    } catch (error) {
      this.emit('error', storageError('save the scenes', error));
    }
  }
}

function storageError(what: string, cause: unknown): StudioError {
  return new StudioError(
    'studio/storage-failed',
    `Could not ${what} in this browser (site data blocked or storage full). Export the scenes to a file to keep them.`,
    { cause },
  );
}
