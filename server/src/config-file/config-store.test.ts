import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileError } from './config-file-error';
import { ConfigStore, type ConfigChange, type ConfigStoreEvents } from './config-store';
import { parseConfigText } from './parse-config-file';

const INITIAL = '# kept across saves\nport: 8080\nstreams:\n  live: {}\n';

let directory: string;
let file: string;
const stores: ConfigStore[] = [];

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'brume-config-'));
  file = path.join(directory, 'brume.yaml');
  await writeFile(file, INITIAL);
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.dispose()));
  await rm(directory, { recursive: true, force: true });
});

async function open(options: { saveDelayMs?: number } = {}): Promise<ConfigStore> {
  const store = await ConfigStore.open(file, { saveDelayMs: options.saveDelayMs ?? 100, reloadDelayMs: 50 });
  stores.push(store);
  return store;
}

function next<K extends keyof ConfigStoreEvents>(
  store: ConfigStore,
  event: K,
  timeoutMs = 5000,
): Promise<ConfigStoreEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${String(event)} event within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const off = store.events.on(event, (...args) => {
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

describe('ConfigStore', () => {
  it('opens a file and resolves stream settings from it', async () => {
    const store = await open();
    expect(store.document).toEqual({ port: 8080, streams: { live: {} } });
    expect(store.settingsFor('live+alice')?.configuredAs).toBe('live');
    expect(store.settingsFor('live+alice')?.recording.directory).toBeUndefined();
    store.update((draft) => {
      draft.streams = { live: { recording: { directory: 'rec' } } };
    });
    // A relative directory counts from the file's folder, not from the working directory.
    expect(store.settingsFor('live+alice')?.recording.directory).toBe(path.join(directory, 'rec'));
  });

  it('refuses to open a broken or missing file, saying where', async () => {
    await writeFile(file, 'port: 8080\nstreams:\n  live:\n    source: rtmp\n');
    await expect(ConfigStore.open(file)).rejects.toThrow(`${file}:4:13 streams.live.source`);
    await expect(ConfigStore.open(path.join(directory, 'none.yaml'))).rejects.toMatchObject({
      code: 'config/unreadable',
    });
  });

  it('applies updates at once and writes them in one atomic save, the file valid at every moment', async () => {
    const store = await open();
    const changes: ConfigChange[] = [];
    store.events.on('change', (change) => changes.push(change));
    let saves = 0;
    store.events.on('saved', () => saves++);
    // A reader polling the file throughout must never see a partial or invalid file.
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        parseConfigText(await readFile(file, 'utf8'), file);
        reads++;
      }
    })();
    for (let i = 1; i <= 20; i++) store.update((draft) => void (draft.dvrWindowMs = i * 1000));
    expect(store.document.dvrWindowMs).toBe(20_000);
    expect(changes).toHaveLength(20);
    expect(changes[0]).toMatchObject({ keys: ['dvrWindowMs'], streams: [], origin: 'update' });
    await next(store, 'saved');
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(saves).toBe(1);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# kept across saves');
    expect(parseConfigText(text, file).dvrWindowMs).toBe(20_000);
    // No temporary file left beside it.
    expect(await readdir(directory)).toEqual(['brume.yaml']);
  });

  it('does not take its own save for an edit on disk, even once a newer update overtook it', async () => {
    const store = await open({ saveDelayMs: 200 });
    const origins: string[] = [];
    store.events.on('change', (change) => origins.push(change.origin));
    store.update((draft) => void (draft.dvrWindowMs = 1000));
    await next(store, 'saved');
    // The watcher has yet to report that save, which now holds an older config than the store's.
    store.update((draft) => void (draft.dvrWindowMs = 2000));
    await next(store, 'saved');
    expect(store.document.dvrWindowMs).toBe(2000);
    expect(parseConfigText(await readFile(file, 'utf8'), file).dvrWindowMs).toBe(2000);
    // An edit on disk after our saves is still seen, and is the only 'file' change.
    await writeFile(file, `${await readFile(file, 'utf8')}logLevel: debug\n`);
    const [change] = await next(store, 'change');
    expect(change).toMatchObject({ origin: 'file', keys: ['logLevel'] });
    expect(origins).toEqual(['update', 'update', 'file']);
  });

  it('refuses an invalid update and keeps the running config', async () => {
    const store = await open();
    expect(() => store.update((draft) => void (draft.port = 70000))).toThrow(ConfigFileError);
    expect(store.document.port).toBe(8080);
  });

  it('reloads an edit on disk and says what changed', async () => {
    const store = await open();
    await writeFile(file, 'port: 8080\nstreams:\n  live: {auth: {viewerToken: true}}\n  news: {}\n');
    const [change] = await next(store, 'change');
    expect(change).toMatchObject({ origin: 'file', keys: ['streams'], streams: ['live', 'news'] });
    expect(store.settingsFor('live+bob')?.auth.viewerToken).toBe(true);
  });

  it('rejects a broken edit with its line and keeps the running config', async () => {
    const store = await open();
    await writeFile(file, 'port: 8080\nstreams:\n  live:\n    source: {url: ftp://x}\n');
    const [error] = await next(store, 'error');
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.message).toBe(
      `${file}:4:19 streams.live.source.url: "ftp://x" does not match ^https?://[^\\s/]+`,
    );
    expect(store.document).toEqual({ port: 8080, streams: { live: {} } });
    // A later good edit is applied.
    await writeFile(file, 'port: 8080\n');
    const [change] = await next(store, 'change');
    expect(change.streams).toEqual(['live']);
  });

  it('writes a pending update when disposed', async () => {
    const store = await open({ saveDelayMs: 60_000 });
    store.update((draft) => void (draft.logLevel = 'warn'));
    await store.dispose();
    expect(parseConfigText(await readFile(file, 'utf8'), file).logLevel).toBe('warn');
  });

  it('keeps a store without a file in memory', async () => {
    const store = await ConfigStore.open(undefined);
    stores.push(store);
    store.update((draft) => void (draft.streams = { live: { auth: { viewerToken: true } } }));
    expect(store.settingsFor('live+x')?.auth.viewerToken).toBe(true);
    expect(store.file).toBeUndefined();
  });
});
