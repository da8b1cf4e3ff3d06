import { describe, expect, it } from 'vitest';
import { StudioError } from '../studio-error';
import {
  addScene,
  addSource,
  createId,
  defaultCollection,
  duplicateScene,
  moveScene,
  removeScene,
  removeSource,
  renameScene,
  renameSource,
  sceneForHotkey,
  setMonitorDevice,
  setOutputPreset,
  setPreviewScene,
  setProgramScene,
  setSceneHotkey,
  setStudioMode,
  setTransition,
  takePreview,
  updateAudioChannel,
  updateMaster,
  updateSourceSpec,
} from './scene-ops';
import { addLayer } from './layer-ops';
import type { SceneCollection } from './scene-types';

/** Deep-freezes a collection so any mutation by an operation throws. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof StudioError ? error.code : 'not a StudioError';
  }
  return undefined;
}

/** Pattern + camera + microphone, three scenes. */
function studio() {
  let c = defaultCollection();
  const cam = addSource(c, { kind: 'camera' });
  const mic = addSource(cam.collection, {
    kind: 'microphone',
    noiseSuppression: true,
    echoCancellation: true,
    autoGainControl: false,
  });
  const s2 = addScene(mic.collection);
  const s3 = addScene(s2.collection);
  c = s3.collection;
  const withCam = addLayer(c, s2.id, cam.id);
  return {
    c: frozen(withCam.collection),
    cam: cam.id,
    mic: mic.id,
    s1: c.scenes[0]!.id,
    s2: s2.id,
    s3: s3.id,
  };
}

describe('createId', () => {
  it('prefixes 16 hex digits and does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createId('layer')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^layer-[0-9a-f]{16}$/);
  });
});

describe('defaultCollection', () => {
  it('is one scene with the test pattern full frame, fade 300 ms, limiter on, 720p30', () => {
    const c = defaultCollection();
    expect(c.version).toBe(1);
    expect(c.scenes).toHaveLength(1);
    const [scene] = c.scenes;
    expect(scene!.name).toBe('Scene 1');
    expect(c.programSceneId).toBe(scene!.id);
    expect(c.previewSceneId).toBeUndefined();
    expect(c.sources).toEqual([
      { id: expect.any(String), name: 'Test pattern', spec: { kind: 'pattern', audio: 'beep' } },
    ]);
    expect(scene!.layers).toHaveLength(1);
    expect(scene!.layers[0]).toMatchObject({
      sourceId: c.sources[0]!.id,
      x: 0,
      y: 0,
      width: 1,
      height: 1,
      rotation: 0,
      opacity: 1,
    });
    expect(c.transition).toEqual({ kind: 'fade', durationMs: 300 });
    expect(c.audio.master).toEqual({ gainDb: 0, compressor: false, limiter: true });
    expect(c.audio.channels[c.sources[0]!.id]).toEqual({ gainDb: 0, muted: false, monitor: false });
    expect(c.output).toEqual({ preset: '720p30' });
  });

  it('gives fresh ids each time', () => {
    expect(defaultCollection().scenes[0]!.id).not.toBe(defaultCollection().scenes[0]!.id);
  });
});

describe('sources', () => {
  it('adds with a numbered default name and an audio channel only when it has sound', () => {
    const { c, cam, mic } = studio();
    const names = c.sources.map((s) => s.name);
    expect(names).toEqual(['Test pattern', 'Camera', 'Microphone']);
    expect(c.audio.channels[mic]).toEqual({ gainDb: 0, muted: false, monitor: false });
    expect(c.audio.channels[cam]).toBeUndefined();
    const again = addSource(c, { kind: 'camera' });
    expect(again.collection.sources.at(-1)).toEqual({
      id: again.id,
      name: 'Camera 2',
      spec: { kind: 'camera' },
    });
    expect(addSource(c, { kind: 'camera' }, 'Desk').collection.sources.at(-1)!.name).toBe('Desk');
  });

  it('rejects an invalid spec with studio/invalid-edit naming the field', () => {
    const { c } = studio();
    expect(() => addSource(c, { kind: 'color', color: 'red' })).toThrow(/spec\.color must be a colour/);
    expect(code(() => addSource(c, { kind: 'image', url: 'javascript:alert(1)' }))).toBe(
      'studio/invalid-edit',
    );
  });

  it('renames and rejects unknown ids', () => {
    const { c, cam } = studio();
    expect(renameSource(c, cam, 'Front').sources.find((s) => s.id === cam)!.name).toBe('Front');
    expect(renameSource(c, cam, 'Camera')).toBe(c);
    expect(code(() => renameSource(c, 'nope', 'x'))).toBe('studio/unknown-id');
  });

  it('updates the spec and keeps the audio channel in step with the sound', () => {
    let c = studio().c;
    const video = addSource(c, { kind: 'video', url: 'https://x/v.mp4', loop: true, muted: false });
    c = updateAudioChannel(video.collection, video.id, { gainDb: -6 });
    const muted = updateSourceSpec(c, video.id, {
      kind: 'video',
      url: 'https://x/v.mp4',
      loop: true,
      muted: true,
    });
    expect(muted.audio.channels[video.id]).toBeUndefined();
    const unmutedAgain = updateSourceSpec(muted, video.id, {
      kind: 'video',
      url: 'https://x/v.mp4',
      loop: true,
      muted: false,
    });
    expect(unmutedAgain.audio.channels[video.id]).toEqual({ gainDb: 0, muted: false, monitor: false });
    const loopOff = updateSourceSpec(c, video.id, {
      kind: 'video',
      url: 'https://x/v.mp4',
      loop: false,
      muted: false,
    });
    expect(loopOff.audio).toBe(c.audio);
    expect(code(() => updateSourceSpec(c, 'nope', { kind: 'screen', audio: false }))).toBe(
      'studio/unknown-id',
    );
  });

  it('removes a source with its layers in every scene and its channel', () => {
    const { s1, s2, ...rest } = studio();
    const pattern = rest.c.sources[0]!.id;
    const c = addLayer(rest.c, s2, pattern).collection;
    const removed = removeSource(c, pattern);
    expect(removed.sources.map((s) => s.id)).not.toContain(pattern);
    expect(removed.scenes.find((s) => s.id === s1)!.layers).toEqual([]);
    expect(removed.scenes.find((s) => s.id === s2)!.layers.map((l) => l.sourceId)).not.toContain(pattern);
    expect(removed.audio.channels[pattern]).toBeUndefined();
    expect(removeSource(removed, pattern)).toBe(removed);
  });
});

describe('scenes', () => {
  it('adds "Scene N", renames, and moves', () => {
    const { c, s1, s2, s3 } = studio();
    expect(c.scenes.map((s) => s.name)).toEqual(['Scene 1', 'Scene 2', 'Scene 3']);
    expect(renameScene(c, s2, 'Talk').scenes[1]!.name).toBe('Talk');
    expect(moveScene(c, s3, 0).scenes.map((s) => s.id)).toEqual([s3, s1, s2]);
    expect(moveScene(c, s1, 99).scenes.map((s) => s.id)).toEqual([s2, s3, s1]);
    expect(moveScene(c, s1, 0)).toBe(c);
    expect(code(() => moveScene(c, 'nope', 0))).toBe('studio/unknown-id');
  });

  it('does not reuse a taken "Scene N" name', () => {
    const { c, s2 } = studio();
    const removed = removeScene(c, s2); // Scene 1, Scene 3 left
    expect(addScene(removed).collection.scenes.at(-1)!.name).toBe('Scene 4');
  });

  it('duplicates right after the original with new layer ids and no hotkey', () => {
    const { c, s2 } = studio();
    const keyed = setSceneHotkey(c, s2, '2');
    const dup = duplicateScene(keyed, s2);
    const scenes = dup.collection.scenes;
    expect(scenes[2]!.id).toBe(dup.id);
    expect(scenes[2]!.name).toBe('Scene 2 (copy)');
    expect(scenes[2]!.hotkey).toBeUndefined();
    const [original, copy] = [scenes[1]!.layers, scenes[2]!.layers];
    expect(copy).toHaveLength(original.length);
    expect(copy[0]!.id).not.toBe(original[0]!.id);
    expect({ ...copy[0], id: '' }).toEqual({ ...original[0], id: '' });
  });

  it('never removes the last scene', () => {
    const c = frozen(defaultCollection());
    expect(code(() => removeScene(c, c.scenes[0]!.id))).toBe('studio/invalid-edit');
    expect(removeScene(c, 'nope')).toBe(c);
  });

  it('keeps program and preview valid when their scene goes', () => {
    const { c, s1, s2, s3 } = studio();
    const onAir = setPreviewScene(setProgramScene(c, s2), s3);
    const a = removeScene(onAir, s2);
    expect(a.programSceneId).toBe(s3); // the next one
    const b = removeScene(onAir, s3);
    expect(b.previewSceneId).toBe(s2); // the last one: the previous
    expect(b.programSceneId).toBe(s2);
    expect(removeScene(c, s2).programSceneId).toBe(s1);
  });
});

describe('hotkeys', () => {
  it('normalises case and moves a used key to the new scene', () => {
    const { c, s1, s2 } = studio();
    const a = setSceneHotkey(c, s1, 'A');
    expect(a.scenes[0]!.hotkey).toBe('a');
    const b = setSceneHotkey(a, s2, 'a');
    expect(b.scenes[0]!.hotkey).toBeUndefined();
    expect(b.scenes[1]!.hotkey).toBe('a');
    expect(sceneForHotkey(b, 'A')!.id).toBe(s2);
    expect(sceneForHotkey(b, 'b')).toBeUndefined();
    expect(setSceneHotkey(b, s2, undefined).scenes[1]).not.toHaveProperty('hotkey');
  });

  it('rejects keys that are not one digit or letter', () => {
    const { c, s1 } = studio();
    for (const key of ['', 'F1', ' ', 'é', '11'])
      expect(code(() => setSceneHotkey(c, s1, key))).toBe('studio/invalid-edit');
    expect(code(() => setSceneHotkey(c, 'nope', '1'))).toBe('studio/unknown-id');
  });
});

describe('program and preview', () => {
  it('switches program, turns studio mode on and off, and takes', () => {
    const { c, s1, s2 } = studio();
    expect(setProgramScene(c, s2).programSceneId).toBe(s2);
    expect(code(() => setProgramScene(c, 'nope'))).toBe('studio/unknown-id');

    const studioOn = setStudioMode(c, true);
    expect(studioOn.previewSceneId).toBe(s1);
    const prepared = setPreviewScene(studioOn, s2);
    expect(setStudioMode(prepared, true)).toBe(prepared); // keeps the scene being prepared
    const taken = takePreview(prepared);
    expect([taken.programSceneId, taken.previewSceneId]).toEqual([s2, s1]);
    const off = setStudioMode(taken, false);
    expect(off).not.toHaveProperty('previewSceneId');
    expect(takePreview(off)).toBe(off);
  });
});

describe('audio, transition, output', () => {
  it('clamps gains and rejects NaN', () => {
    const { c, mic, cam } = studio();
    expect(updateAudioChannel(c, mic, { gainDb: 99, muted: true }).audio.channels[mic]).toEqual({
      gainDb: 20,
      muted: true,
      monitor: false,
    });
    expect(updateAudioChannel(c, mic, { gainDb: -500 }).audio.channels[mic]!.gainDb).toBe(-60);
    expect(code(() => updateAudioChannel(c, mic, { gainDb: NaN }))).toBe('studio/invalid-edit');
    expect(code(() => updateAudioChannel(c, cam, { muted: true }))).toBe('studio/unknown-id');
    expect(updateMaster(c, { gainDb: -3, compressor: true }).audio.master).toEqual({
      gainDb: -3,
      compressor: true,
      limiter: true,
    });
  });

  it('sets and clears the monitor device', () => {
    const c = defaultCollection();
    const set = setMonitorDevice(c, 'speakers');
    expect(set.audio.monitorDeviceId).toBe('speakers');
    expect(setMonitorDevice(set, undefined).audio).not.toHaveProperty('monitorDeviceId');
  });

  it('clamps the transition duration and sets the output', () => {
    const c = defaultCollection();
    expect(setTransition(c, { kind: 'slide', direction: 'left', durationMs: 60_000 }).transition).toEqual({
      kind: 'slide',
      direction: 'left',
      durationMs: 10_000,
    });
    expect(setTransition(c, { durationMs: -5 }).transition.durationMs).toBe(0);
    expect(setOutputPreset(c, '1080p60').output.preset).toBe('1080p60');
    expect(setOutputPreset(c, '720p30')).toBe(c);
  });
});

describe('immutability', () => {
  it('shares untouched branches', () => {
    const { c, s2 } = studio();
    const renamed: SceneCollection = renameScene(c, s2, 'Other');
    expect(renamed.scenes[0]).toBe(c.scenes[0]);
    expect(renamed.sources).toBe(c.sources);
    expect(renamed.audio).toBe(c.audio);
  });
});
