import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import { StudioError } from '../studio-error';
import { createId } from './scene-ops';
import type { SceneCollection, SourceSpec } from './scene-types';

/** URL scheme of a file the user picked, kept in IndexedDB: `blob-store:<key>`. */
export const BLOB_STORE_SCHEME = 'blob-store:';

/** Where picked files live; IndexedDB in the browser, a Map in unit tests. */
export interface BlobBackend {
  get(key: string): Promise<Blob | undefined>;
  set(key: string, value: Blob): Promise<void>;
  keys(): Promise<string[]>;
  delete(key: string): Promise<void>;
}

/**
 * IndexedDB through idb-keyval. The database is opened on first use, not here, so constructing a
 * store costs nothing (and works where there is no IndexedDB until a file is actually needed).
 */
export function indexedDbBackend(dbName = 'brume-studio', storeName = 'files'): BlobBackend {
  let store: UseStore | undefined;
  const db = () => (store ??= createStore(dbName, storeName));
  return {
    get: (key) => get<Blob>(key, db()),
    set: (key, value) => set(key, value, db()),
    keys: () => keys<string>(db()),
    delete: (key) => del(key, db()),
  };
}

function storageFailed(what: string, cause: unknown): StudioError {
  return new StudioError(
    'studio/storage-failed',
    `Could not ${what} in this browser's storage (private mode or a full disk?). Free some space or use a URL instead.`,
    { cause },
  );
}

async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // In chunks: String.fromCharCode takes its bytes as arguments, and arguments are limited.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type || 'application/octet-stream'};base64,${btoa(binary)}`;
}

function dataUrlToBlob(url: string): Blob | undefined {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url);
  if (!m) return undefined;
  const [, type = '', base64, payload = ''] = m;
  const bytes = base64
    ? Uint8Array.from(atob(payload), (ch) => ch.charCodeAt(0))
    : new TextEncoder().encode(decodeURIComponent(payload));
  return new Blob([bytes], { type: type || 'text/plain;charset=US-ASCII' });
}

/** Rewrites the media URL of every image and video source, in parallel. */
async function mapUrls(c: SceneCollection, map: (url: string) => Promise<string>): Promise<SceneCollection> {
  const sources = await Promise.all(
    c.sources.map(async (source) => {
      const spec: SourceSpec = source.spec;
      if (spec.kind !== 'image' && spec.kind !== 'video') return source;
      const url = await map(spec.url);
      return url === spec.url ? source : { ...source, spec: { ...spec, url } };
    }),
  );
  return sources.every((s, i) => s === c.sources[i]) ? c : { ...c, sources };
}

/**
 * Files the user picks (images, videos) kept in IndexedDB, so a scene survives a reload without
 * uploading anything. The document refers to them as `blob-store:<key>`.
 */
export class BlobStore {
  private readonly objectUrls = new Map<string, Promise<string>>();
  private disposed = false;

  constructor(private readonly backend: BlobBackend = indexedDbBackend()) {}

  /** Keeps a file and returns its `blob-store:` URL for a source spec. */
  async putFile(file: Blob): Promise<string> {
    const key = createId('file');
    try {
      await this.backend.set(key, file);
    } catch (error) {
      throw storageFailed('keep this file', error);
    }
    return BLOB_STORE_SCHEME + key;
  }

  /**
   * A URL an <img> or <video> can load: an object URL for a `blob-store:` file (one per file, revoked
   * by dispose()), any other URL as it is. Rejects with `studio/file-not-found` when the file is gone
   * (site data cleared, or a scene file from another browser without its files inlined).
   */
  resolveUrl(url: string): Promise<string> {
    if (!url.startsWith(BLOB_STORE_SCHEME)) return Promise.resolve(url);
    if (this.disposed) return Promise.reject(new StudioError('studio/stopped', 'The file store was closed.'));
    const key = url.slice(BLOB_STORE_SCHEME.length);
    let resolved = this.objectUrls.get(key);
    if (!resolved) {
      resolved = this.read(key).then((blob) => URL.createObjectURL(blob));
      this.objectUrls.set(key, resolved);
      // A failure is not cached: the next call asks again (the user may pick the file again).
      resolved.catch(() => this.objectUrls.delete(key));
    }
    return resolved;
  }

  /** For export: every `blob-store:` URL replaced by a `data:` URL, so the file works anywhere. */
  inlineBlobs(c: SceneCollection): Promise<SceneCollection> {
    return mapUrls(c, async (url) =>
      url.startsWith(BLOB_STORE_SCHEME)
        ? blobToDataUrl(await this.read(url.slice(BLOB_STORE_SCHEME.length)))
        : url,
    );
  }

  /**
   * For import: every `data:` URL moved into the store as a `blob-store:` file, so large pictures do
   * not fill the few megabytes of localStorage the collection is saved in.
   */
  internBlobs(c: SceneCollection): Promise<SceneCollection> {
    return mapUrls(c, async (url) => {
      const blob = url.startsWith('data:') ? dataUrlToBlob(url) : undefined;
      return blob ? this.putFile(blob) : url;
    });
  }

  /**
   * Deletes the stored files no source of `c` refers to (sources removed, scenes replaced), so
   * IndexedDB does not grow with every file ever picked. Run it on the saved collection at start:
   * later, a file may be stored an instant before the source that uses it is added. Returns how many
   * files went.
   */
  async removeUnused(c: SceneCollection): Promise<number> {
    const used = new Set<string>();
    for (const { spec } of c.sources) {
      if ((spec.kind === 'image' || spec.kind === 'video') && spec.url.startsWith(BLOB_STORE_SCHEME))
        used.add(spec.url.slice(BLOB_STORE_SCHEME.length));
    }
    let stored: string[];
    try {
      stored = await this.backend.keys();
    } catch (error) {
      throw storageFailed('list the stored files', error);
    }
    const unused = stored.filter((key) => !used.has(key));
    try {
      await Promise.all(unused.map((key) => this.backend.delete(key)));
    } catch (error) {
      throw storageFailed('delete unused files', error);
    }
    return unused.length;
  }

  /** Revokes the object URLs handed out; the stored files stay. */
  dispose(): void {
    this.disposed = true;
    const urls = [...this.objectUrls.values()];
    this.objectUrls.clear();
    for (const url of urls)
      url.then(
        (u) => URL.revokeObjectURL(u),
        () => undefined,
      );
  }

  private async read(key: string): Promise<Blob> {
    let blob: Blob | undefined;
    try {
      blob = await this.backend.get(key);
    } catch (error) {
      throw storageFailed('read a picked file', error);
    }
    if (!blob) {
      throw new StudioError(
        'studio/file-not-found',
        'A file this scene uses is no longer stored in this browser. Pick the file again for that source.',
      );
    }
    return blob;
  }
}
