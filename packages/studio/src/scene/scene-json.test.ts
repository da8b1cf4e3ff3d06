import { describe, expect, it } from 'vitest';
import { StudioError } from '../studio-error';
import { addLayer, updateLayer } from './layer-ops';
import { parseColor } from './scene-color';
import { exportCollection, importCollection } from './scene-json';
import { addScene, addSource, defaultCollection, setSceneHotkey, setStudioMode } from './scene-ops';
import type { SceneCollection } from './scene-types';

/** A collection using every source kind and optional field. */
function everything(): SceneCollection {
  let c = defaultCollection();
  const add = (spec: Parameters<typeof addSource>[1]) => {
    const r = addSource(c, spec);
    c = r.collection;
    return r.id;
  };
  add({ kind: 'camera', deviceId: 'cam', width: 1280, height: 720, frameRate: 30 });
  add({ kind: 'microphone', noiseSuppression: true, echoCancellation: false, autoGainControl: true });
  add({ kind: 'screen', audio: true });
  const image = add({ kind: 'image', url: 'blob-store:file-1' });
  add({
    kind: 'text',
    text: 'Ada Lovelace',
    subtitle: 'Analyst',
    fontFamily: 'Inter',
    fontSizePx: 48,
    bold: true,
    color: '#fff',
    background: { color: '#000000cc', paddingPx: 12, radiusPx: 4 },
    align: 'left',
    style: 'lower-third',
    accentColor: '#e33',
  });
  add({ kind: 'video', url: 'https://example.com/v.mp4', loop: true, muted: false });
  add({ kind: 'color', color: '#123456', gradient: { to: '#654321', angleDeg: 90 } });
  add({ kind: 'guest', stream: 'guest1', server: 'https://relay.example.com' });
  const s2 = addScene(c);
  c = setStudioMode(setSceneHotkey(s2.collection, s2.id, '2'), true);
  const l = addLayer(c, s2.id, image);
  return updateLayer(l.collection, s2.id, l.id, {
    rotation: 30,
    crop: { left: 0.1, top: 0.2, right: 0.3, bottom: 0.1 },
    chromaKey: { color: '#00ff00', similarity: 0.4, smoothness: 0.1, spill: 0.2 },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit parsed JSON of any shape
type Json = any;

/** The exported JSON of `c` as a plain object, changed by `edit`, re-serialised. */
function edited(edit: (json: Record<string, Json>) => void, c = everything()): string {
  const json = JSON.parse(exportCollection(c));
  edit(json);
  return JSON.stringify(json);
}

function importError(text: string): StudioError {
  try {
    importCollection(text);
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('import succeeded');
}

describe('exportCollection / importCollection', () => {
  it('round-trips every field', () => {
    const c = everything();
    const text = exportCollection(c);
    expect(text.startsWith('{\n  "version": 1,')).toBe(true);
    expect(importCollection(text)).toEqual(c);
  });

  it('drops unknown fields and fills missing audio channels', () => {
    const c = defaultCollection();
    const pattern = c.sources[0]!.id;
    const out = importCollection(
      edited((j) => {
        j.extra = 1;
        j.scenes[0].layers[0].sparkle = true;
        delete j.audio.channels[pattern];
      }, c),
    );
    expect(out).not.toHaveProperty('extra');
    expect(out.scenes[0]!.layers[0]).not.toHaveProperty('sparkle');
    expect(out.audio.channels[pattern]).toEqual({ gainDb: 0, muted: false, monitor: false });
  });

  it('clamps what is harmless: rotation, tiny sizes, gains, duration, font size', () => {
    const out = importCollection(
      edited((j) => {
        Object.assign(j.scenes[0].layers[0], { rotation: 370, width: 0.001 });
        j.audio.master.gainDb = 40;
        j.transition.durationMs = 1e9;
        j.sources.find((s: Json) => s.spec.kind === 'text').spec.fontSizePx = 5000;
      }),
    );
    expect(out.scenes[0]!.layers[0]).toMatchObject({ rotation: 10, width: 0.01 });
    expect(out.audio.master.gainDb).toBe(20);
    expect(out.transition.durationMs).toBe(10_000);
    expect(out.sources.find((s) => s.spec.kind === 'text')!.spec).toMatchObject({ fontSizePx: 1000 });
  });

  const cases: [string, (j: Record<string, Json>) => void, string][] = [
    ['version', (j) => (j.version = 2), 'version must be 1'],
    [
      'a layer opacity',
      (j) => (j.scenes[1].layers[0].opacity = 1.5),
      'scenes[1].layers[0].opacity must be 0..1',
    ],
    [
      'a string for a number',
      (j) => (j.scenes[0].layers[0].x = '0'),
      'scenes[0].layers[0].x must be a finite number',
    ],
    [
      'a negative width',
      (j) => (j.scenes[0].layers[0].width = -1),
      'scenes[0].layers[0].width must be greater than 0',
    ],
    [
      'crop sum',
      (j) => (j.scenes[1].layers[0].crop.right = 0.85),
      'scenes[1].layers[0].crop.right plus left must be ≤ 0.9',
    ],
    [
      'a dangling source id',
      (j) => (j.scenes[1].layers[0].sourceId = 'gone'),
      'scenes[1].layers[0].sourceId refers to no source',
    ],
    [
      'a duplicate layer id',
      (j) => (j.scenes[1].layers[0].id = j.scenes[0].layers[0].id),
      'scenes[1].layers[0].id must be unique',
    ],
    ['a duplicate source id', (j) => (j.sources[1].id = j.sources[0].id), 'sources[1].id must be unique'],
    [
      'an unknown kind',
      (j) => (j.sources[2].spec.kind = 'hologram'),
      'sources[2].spec.kind must be one of camera',
    ],
    ['a colour name', (j) => (j.sources[7].spec.color = 'red'), 'sources[7].spec.color must be a colour'],
    [
      'a bad gradient colour',
      (j) => (j.sources[7].spec.gradient.to = '#12345'),
      'sources[7].spec.gradient.to must be a colour',
    ],
    [
      'a chroma colour with alpha',
      (j) => (j.scenes[1].layers[0].chromaKey.color = '#00ff0080'),
      'chromaKey.color must be',
    ],
    [
      'a script URL',
      (j) => (j.sources[4].spec.url = 'javascript:alert(1)'),
      'sources[4].spec.url must be an http(s), data: or blob-store: URL',
    ],
    [
      'a bad stream name',
      (j) => (j.sources[8].spec.stream = '../x'),
      'sources[8].spec.stream must be a valid stream name',
    ],
    [
      'a missing boolean',
      (j) => delete j.sources[2].spec.echoCancellation,
      'sources[2].spec.echoCancellation must be true or false',
    ],
    ['no scenes', (j) => (j.scenes = []), 'scenes must hold at least one scene'],
    ['program scene', (j) => (j.programSceneId = 'gone'), 'programSceneId must be the id of a scene'],
    ['preview scene', (j) => (j.previewSceneId = 'gone'), 'previewSceneId must be the id of a scene'],
    ['a bad hotkey', (j) => (j.scenes[0].hotkey = 'F1'), 'scenes[0].hotkey must be a digit or a letter'],
    ['a duplicate hotkey', (j) => (j.scenes[0].hotkey = '2'), 'scenes[1].hotkey must be unique'],
    [
      'a channel of no source',
      (j) => (j.audio.channels['ghost'] = { gainDb: 0, muted: false, monitor: false }),
      'audio.channels["ghost"] refers to no source',
    ],
    [
      'output preset',
      (j) => (j.output.preset = '4k'),
      'output.preset must be one of 720p30, 1080p30, 1080p60',
    ],
    [
      'transition kind',
      (j) => (j.transition.kind = 'spin'),
      'transition.kind must be one of cut, fade, slide, wipe',
    ],
    [
      'a layer that is not an object',
      (j) => (j.scenes[0].layers[0] = 3),
      'scenes[0].layers[0] must be an object',
    ],
    [
      'a microphone layer',
      (j) => (j.scenes[0].layers[0].sourceId = j.sources[2].id),
      'must refer to a source with a picture',
    ],
  ];

  it.each(cases)('rejects %s naming the field', (_what, edit, message) => {
    const error = importError(edited(edit));
    expect(error.code).toBe('studio/invalid-scene-file');
    expect(error.message).toContain(message);
  });

  it('rejects text that is not JSON, keeping the parser error as cause', () => {
    const error = importError('{"version": 1,');
    expect(error.code).toBe('studio/invalid-scene-file');
    expect(error.message).toContain('The file is not JSON');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(importError('null').message).toContain('The file must be an object');
  });
});

describe('parseColor', () => {
  it('reads the hex forms and nothing else', () => {
    expect(parseColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('#11223344')).toEqual({ r: 0x11, g: 0x22, b: 0x33, a: 0x44 / 255 });
    expect(parseColor('#0f08')).toEqual({ r: 0, g: 255, b: 0, a: 0x88 / 255 });
    for (const bad of ['fff', '#ff', '#fffff', 'red', 'rgb(0,0,0)', '#ggg'])
      expect(parseColor(bad)).toBeUndefined();
  });
});
