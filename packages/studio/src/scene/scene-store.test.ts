// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../studio-error';
import { BlobStore, type BlobBackend } from './blob-store';
import { exportCollection, importCollection } from './scene-json';
import { addScene, defaultCollection, renameScene } from './scene-ops';
import { DEFAULT_SCENE_STORAGE_KEY, SceneStore, type SceneStoreOptions } from './scene-store';

const KEY = DEFAULT_SCENE_STORAGE_KEY;
const noFiles: BlobBackend = {
  get: async () => undefined,
  set: async () => undefined,
  keys: async () => [],
  delete: async () => undefined,
};
const stores: SceneStore[] = [];

function open(options: SceneStoreOptions = {}): SceneStore {
  const store = new SceneStore({ files: new BlobStore(noFiles), ...options });
  stores.push(store);
  return store;
}

/** The errors a store reports, listened to right after construction. */
function errorsOf(store: SceneStore): StudioError[] {
  const errors: StudioError[] = [];
  store.on('error', (e) => errors.push(e));
  return errors;
}

const saved = () => localStorage.getItem(KEY);

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  vi.useRealTimers();
});

describe('SceneStore loading', () => {
  it('starts with the default collection when nothing is saved, and reports nothing', async () => {
    const store = open();
    const errors = errorsOf(store);
    await Promise.resolve();
    expect(store.collection.scenes.map((s) => s.name)).toEqual(['Scene 1']);
    expect(store.loadError).toBeUndefined();
    expect(errors).toEqual([]);
    expect(saved()).toBeNull(); // nothing written until something changes
  });

  it('loads what was saved', () => {
    const c = addScene(defaultCollection(), 'Interview').collection;
    localStorage.setItem(KEY, exportCollection(c));
    expect(open().collection).toEqual(c);
  });

  it.each([
    ['not JSON', '{"version": 1, "scen'],
    ['a bad field', exportCollection({ ...defaultCollection(), programSceneId: 'gone' })],
    ['a future version', '{"version": 2}'],
  ])('falls back to the default on %s, reports it and keeps the old value', async (_what, text) => {
    localStorage.setItem(KEY, text);
    const store = open();
    const errors = errorsOf(store);
    expect(store.collection.scenes).toHaveLength(1);
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBe(store.loadError);
    expect(errors[0]!.code).toBe('studio/storage-failed');
    expect((errors[0]!.cause as StudioError).code).toBe('studio/invalid-scene-file');
    expect(errors[0]!.message).toContain(`${KEY}.broken`);
    expect(localStorage.getItem(`${KEY}.broken`)).toBe(text);
  });

  it('survives storage that throws on read', async () => {
    const storage = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => undefined,
    };
    const store = open({ storage });
    const errors = errorsOf(store);
    await Promise.resolve();
    expect(store.collection.scenes).toHaveLength(1);
    expect(errors.map((e) => e.code)).toEqual(['studio/storage-failed']);
  });
});

describe('SceneStore saving', () => {
  it('saves once, a while after the last of several changes', () => {
    const store = open({ saveDelayMs: 500 });
    const changes: unknown[] = [];
    store.on('change', (c) => changes.push(c));
    const sceneId = store.collection.scenes[0]!.id;
    store.update((c) => renameScene(c, sceneId, 'A'));
    vi.advanceTimersByTime(400);
    store.update((c) => renameScene(c, sceneId, 'B'));
    vi.advanceTimersByTime(400);
    expect(saved()).toBeNull();
    vi.advanceTimersByTime(100);
    expect(importCollection(saved()!)).toEqual(store.collection);
    expect(store.collection.scenes[0]!.name).toBe('B');
    expect(changes).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing for an edit that changes nothing, and keeps the collection when an edit throws', () => {
    const store = open();
    const changes: unknown[] = [];
    store.on('change', (c) => changes.push(c));
    const before = store.collection;
    store.update((c) => renameScene(c, c.scenes[0]!.id, 'Scene 1'));
    expect(() => store.update((c) => renameScene(c, 'nope', 'x'))).toThrow(StudioError);
    expect(store.collection).toBe(before);
    expect(changes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes at once on flush, on pagehide and on dispose', () => {
    const store = open();
    store.update((c) => addScene(c, 'Flushed').collection);
    store.flush();
    expect(importCollection(saved()!).scenes.at(-1)!.name).toBe('Flushed');
    expect(vi.getTimerCount()).toBe(0);

    store.update((c) => addScene(c, 'Hidden').collection);
    window.dispatchEvent(new Event('pagehide'));
    expect(importCollection(saved()!).scenes.at(-1)!.name).toBe('Hidden');

    store.update((c) => addScene(c, 'Closed').collection);
    store.dispose();
    expect(importCollection(saved()!).scenes.at(-1)!.name).toBe('Closed');
    expect(vi.getTimerCount()).toBe(0);
    expect(() => store.update((c) => c)).toThrow(StudioError);
  });

  it('stops listening to the page and drops its listeners when disposed', () => {
    const add = vi.spyOn(window, 'addEventListener');
    const remove = vi.spyOn(window, 'removeEventListener');
    const store = open();
    store.on('change', () => undefined);
    const added = add.mock.calls.filter(([type]) => type === 'pagehide');
    expect(added).toHaveLength(1);
    store.dispose();
    expect(remove).toHaveBeenCalledWith('pagehide', added[0]![1]);
    expect(store.hasListeners('change')).toBe(false);
  });

  it('reports a full storage as an error event and tries again on the next change', () => {
    let full = true;
    const written: string[] = [];
    const storage = {
      getItem: () => null,
      setItem: (_key: string, value: string) => {
        if (full) throw new DOMException('full', 'QuotaExceededError');
        written.push(value);
      },
    };
    const store = open({ storage });
    const errors = errorsOf(store);
    store.update((c) => addScene(c).collection);
    vi.runAllTimers();
    expect(errors.map((e) => e.code)).toEqual(['studio/storage-failed']);
    expect((errors[0]!.cause as DOMException).name).toBe('QuotaExceededError');
    full = false;
    store.update((c) => addScene(c).collection);
    vi.runAllTimers();
    expect(importCollection(written[0]!).scenes).toHaveLength(3);
  });

  it('replaces the whole collection (an import) and saves it', () => {
    const store = open();
    const imported = addScene(defaultCollection(), 'From file').collection;
    store.replace(imported);
    expect(store.collection).toBe(imported);
    store.flush();
    expect(importCollection(saved()!)).toEqual(imported);
  });
});
