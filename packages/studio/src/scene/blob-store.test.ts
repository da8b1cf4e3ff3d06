import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../studio-error';
import { BlobStore, type BlobBackend } from './blob-store';
import { exportCollection, importCollection } from './scene-json';
import { addSource, defaultCollection } from './scene-ops';
import type { ImageSpec, SceneCollection } from './scene-types';

/** The IndexedDB seam: a Map, with a switch to make it fail like a full disk. */
function memoryBackend() {
  const map = new Map<string, Blob>();
  const backend: BlobBackend & { map: Map<string, Blob>; broken: boolean } = {
    map,
    broken: false,
    get: async (key) => {
      if (backend.broken) throw new DOMException('no', 'UnknownError');
      return map.get(key);
    },
    set: async (key, value) => {
      if (backend.broken) throw new DOMException('full', 'QuotaExceededError');
      map.set(key, value);
    },
    keys: async () => [...map.keys()],
    delete: async (key) => {
      if (backend.broken) throw new DOMException('no', 'UnknownError');
      map.delete(key);
    },
  };
  return backend;
}

async function rejection(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('resolved');
}

const png = () => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 128])], { type: 'image/png' });

function withImage(url: string): { c: SceneCollection; id: string } {
  const added = addSource(defaultCollection(), { kind: 'image', url });
  return { c: added.collection, id: added.id };
}

const imageUrl = (c: SceneCollection, id: string) =>
  (c.sources.find((s) => s.id === id)!.spec as ImageSpec).url;

afterEach(() => vi.restoreAllMocks());

describe('BlobStore', () => {
  it('keeps a file and resolves it to one object URL with the same bytes', async () => {
    const store = new BlobStore(memoryBackend());
    const url = await store.putFile(png());
    expect(url).toMatch(/^blob-store:file-[0-9a-f]{16}$/);
    const objectUrl = await store.resolveUrl(url);
    expect(objectUrl).toMatch(/^blob:/);
    expect(await store.resolveUrl(url)).toBe(objectUrl);
    const fetched = await fetch(objectUrl);
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(new Uint8Array(await png().arrayBuffer()));
    expect(await store.resolveUrl('https://example.com/a.png')).toBe('https://example.com/a.png');
    store.dispose();
  });

  it('reports a missing file and a failing backend with typed errors, and retries after a failure', async () => {
    const backend = memoryBackend();
    const store = new BlobStore(backend);
    expect((await rejection(store.resolveUrl('blob-store:gone'))).code).toBe('studio/file-not-found');
    backend.broken = true;
    const put = await rejection(store.putFile(png()));
    expect(put.code).toBe('studio/storage-failed');
    expect((put.cause as DOMException).name).toBe('QuotaExceededError');
    backend.map.set('later', png());
    expect((await rejection(store.resolveUrl('blob-store:later'))).code).toBe('studio/storage-failed');
    backend.broken = false;
    expect(await store.resolveUrl('blob-store:later')).toMatch(/^blob:/);
    store.dispose();
  });

  it('revokes the object URLs it handed out on dispose', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const store = new BlobStore(memoryBackend());
    const objectUrl = await store.resolveUrl(await store.putFile(png()));
    store.dispose();
    await Promise.resolve();
    expect(revoke).toHaveBeenCalledWith(objectUrl);
    expect((await rejection(store.resolveUrl('blob-store:x'))).code).toBe('studio/stopped');
  });

  it('inlines blob-store files as data: URLs and leaves other URLs', async () => {
    const store = new BlobStore(memoryBackend());
    const { c, id } = withImage(await store.putFile(png()));
    const video = addSource(c, { kind: 'video', url: 'https://example.com/v.mp4', loop: false, muted: true });
    const inlined = await store.inlineBlobs(video.collection);
    expect(imageUrl(inlined, id)).toBe('data:image/png;base64,iVBORwD/gA==');
    expect(inlined.sources.find((s) => s.id === video.id)).toBe(
      video.collection.sources.find((s) => s.id === video.id),
    );
    expect(imageUrl(video.collection, id)).toMatch(/^blob-store:/); // input untouched
    const plain = defaultCollection();
    expect(await store.inlineBlobs(plain)).toBe(plain);
    store.dispose();
  });

  it('moves data: URLs back into the store on import (base64 and percent-encoded)', async () => {
    const backend = memoryBackend();
    const store = new BlobStore(backend);
    const { c, id } = withImage('data:image/png;base64,iVBORwD/gA==');
    const svg = addSource(c, { kind: 'image', url: 'data:image/svg+xml,%3Csvg%2F%3E' });
    const interned = await store.internBlobs(svg.collection);
    const [a, b] = [imageUrl(interned, id), imageUrl(interned, svg.id)];
    expect(a).toMatch(/^blob-store:/);
    const blobA = backend.map.get(a.slice('blob-store:'.length))!;
    expect(blobA.type).toBe('image/png');
    expect(new Uint8Array(await blobA.arrayBuffer())).toEqual(new Uint8Array(await png().arrayBuffer()));
    expect(await backend.map.get(b.slice('blob-store:'.length))!.text()).toBe('<svg/>');
    store.dispose();
  });

  it('carries a picked file through export and import into another browser', async () => {
    const here = new BlobStore(memoryBackend());
    const { c, id } = withImage(await here.putFile(png()));
    const file = exportCollection(await here.inlineBlobs(c));
    const there = new BlobStore(memoryBackend());
    const imported = await there.internBlobs(importCollection(file));
    const response = await fetch(await there.resolveUrl(imageUrl(imported, id)));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(await png().arrayBuffer()));
    here.dispose();
    there.dispose();
  });

  it('deletes the stored files no source refers to, and keeps the used ones', async () => {
    const backend = memoryBackend();
    const store = new BlobStore(backend);
    const kept = await store.putFile(png());
    const dropped = await store.putFile(png());
    const { c } = withImage(kept);
    const withRemote = addSource(c, { kind: 'image', url: 'https://example.com/logo.png' }).collection;
    expect(await store.removeUnused(withRemote)).toBe(1);
    expect([...backend.map.keys()]).toEqual([kept.slice('blob-store:'.length)]);
    expect(dropped).not.toBe(kept);
    expect(await store.removeUnused(withRemote)).toBe(0);

    backend.broken = true;
    expect((await rejection(store.removeUnused(defaultCollection()))).code).toBe('studio/storage-failed');
    store.dispose();
  });
});
