// @vitest-environment happy-dom
import type { MetadataEvent } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../engines/types';
import { streamInfo } from '../testing/fakes';
import { LazyMetadata } from './lazy-metadata';
import type { FiredMetadataEvent } from './metadata-api';

const engine = { mediaTimeToStreamMs: (t: number) => t * 1000 } as unknown as Engine;

function setup() {
  let loads = 0;
  const metadata = new LazyMetadata(
    {
      video: document.createElement('video'),
      frameDriven: true,
      now: () => 0,
      onTracks: () => {},
      onCallbackError: (error) => {
        throw error;
      },
    },
    () => {
      loads++;
      return import('./metadata-controller');
    },
  );
  return { metadata, loads: () => loads };
}

const event = (time: number, track = 'chat'): MetadataEvent => ({ track, time, data: { time }, id: time });

describe('LazyMetadata', () => {
  it('loads nothing for a stream without metadata tracks', async () => {
    const { metadata, loads } = setup();
    metadata.subscribe('*', () => {});
    metadata.setInfo(streamInfo('cam', 'live'));
    metadata.attach(engine);
    metadata.frame(1, 1000);
    await metadata.ready;
    expect(loads()).toBe(0);
    expect(metadata.tracks).toEqual([]);
  });

  it('loads when the info lists a metadata track, then lists it', async () => {
    const { metadata, loads } = setup();
    const info = streamInfo('cam', 'live');
    info.tracks.push({ id: 3, kind: 'subtitle', codec: 'webvtt', name: 'captions', lang: 'en' });
    metadata.setInfo(info);
    await metadata.ready;
    expect(loads()).toBe(1);
    expect(metadata.tracks).toEqual([{ name: 'captions', kind: 'subtitle', lang: 'en' }]);
  });

  it('hands early subscriptions, the engine and queued events to the controller once loaded', async () => {
    const { metadata, loads } = setup();
    const fired: FiredMetadataEvent[] = [];
    const gone: FiredMetadataEvent[] = [];
    metadata.subscribe('chat', (e) => fired.push(e));
    const unsubscribe = metadata.subscribe('*', (e) => gone.push(e));
    unsubscribe();
    metadata.attach(engine);
    metadata.add([event(2000), event(1000)]);
    metadata.add([event(3000)]);
    await metadata.ready;
    expect(loads()).toBe(1);
    metadata.frame(0.5, 500);
    metadata.frame(2, 2000);
    expect(fired.map((e) => [e.time, e.late])).toEqual([
      [1000, false],
      [2000, false],
    ]);
    expect(gone).toEqual([]);
    expect(metadata.tracks.map((t) => t.name)).toEqual(['chat']);
  });

  it('dispose before the load finishes leaves nothing running', async () => {
    const { metadata } = setup();
    const fired: unknown[] = [];
    metadata.subscribe('*', (e) => fired.push(e));
    metadata.add([event(0)]);
    metadata.dispose();
    await metadata.ready;
    metadata.frame(1, 1000);
    expect(fired).toEqual([]);
    expect(metadata.tracks).toEqual([]);
  });
});
