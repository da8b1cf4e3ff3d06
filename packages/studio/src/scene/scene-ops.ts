/**
 * Edits of the scene collection: sources, scenes, program/preview, audio, transition and output.
 * Every function is pure: it returns a new collection and never modifies its input (unchanged
 * branches are shared, so a React/zustand consumer can compare by reference).
 *
 * Errors: removing something that is not there is a no-op (the same collection comes back); any other
 * edit naming an unknown id throws `studio/unknown-id`; an edit that would break the document throws
 * `studio/invalid-edit`.
 */
import { invalidEdit, unknownId } from './scene-errors';
import { MAX_GAIN_DB, MAX_TRANSITION_MS, MIN_GAIN_DB, clamp } from './scene-limits';
import type {
  AudioChannelSettings,
  AudioSettings,
  Layer,
  OutputPreset,
  Scene,
  SceneCollection,
  SourceEntry,
  SourceKind,
  SourceSpec,
  TransitionSpec,
} from './scene-types';
import { defaultChannel, hasPicture, hasSound, normalizeHotkey, readSourceSpec } from './scene-validate';

/** The result of an edit that creates something: the new collection and the new thing's id. */
export interface Added {
  collection: SceneCollection;
  id: string;
}

/**
 * A new id, `<prefix>-<16 hex digits>`: random, so ids from two browsers' exports never clash when
 * merged. Uses getRandomValues, which (unlike randomUUID) also works on plain-http pages.
 */
export function createId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A full-frame, untransformed layer showing `sourceId`. */
export function fullFrameLayer(sourceId: string, name: string): Layer {
  return {
    id: createId('layer'),
    sourceId,
    name,
    x: 0,
    y: 0,
    width: 1,
    height: 1,
    rotation: 0,
    crop: { left: 0, top: 0, right: 0, bottom: 0 },
    opacity: 1,
    visible: true,
    locked: false,
  };
}

/** What a new user starts with: "Scene 1" showing the test pattern full frame, 720p30. */
export function defaultCollection(): SceneCollection {
  const source: SourceEntry = {
    id: createId('source'),
    name: 'Test pattern',
    spec: { kind: 'pattern', audio: 'beep' },
  };
  const scene: Scene = {
    id: createId('scene'),
    name: 'Scene 1',
    layers: [fullFrameLayer(source.id, source.name)],
  };
  return {
    version: 1,
    sources: [source],
    scenes: [scene],
    programSceneId: scene.id,
    transition: { kind: 'fade', durationMs: 300 },
    audio: {
      channels: { [source.id]: defaultChannel() },
      master: { gainDb: 0, compressor: false, limiter: true },
    },
    output: { preset: '720p30' },
  };
}

const KIND_LABELS: Record<SourceKind, string> = {
  camera: 'Camera',
  microphone: 'Microphone',
  screen: 'Screen',
  image: 'Image',
  text: 'Text',
  video: 'Video',
  color: 'Colour',
  pattern: 'Test pattern',
  guest: 'Guest',
};

/** `base`, else `base 2`, `base 3`... : the first not in `taken`. */
function freeName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base} ${n}`)) return `${base} ${n}`;
}

function checkedSpec(spec: SourceSpec): SourceSpec {
  return readSourceSpec(spec, 'spec', (path, problem) => {
    throw invalidEdit(`The source's ${path} ${problem}.`);
  });
}

/** Keeps `audio.channels` to exactly the sources with sound; existing settings are kept. */
function syncChannels(audio: AudioSettings, sources: SourceEntry[]): AudioSettings {
  const channels: Record<string, AudioChannelSettings> = {};
  for (const s of sources) if (hasSound(s.spec)) channels[s.id] = audio.channels[s.id] ?? defaultChannel();
  const before = Object.keys(audio.channels);
  const same =
    before.length === Object.keys(channels).length &&
    before.every((id) => channels[id] === audio.channels[id]);
  return same ? audio : { ...audio, channels };
}

function sourceIndex(c: SceneCollection, id: string): number {
  const i = c.sources.findIndex((s) => s.id === id);
  if (i < 0) throw unknownId('source', id);
  return i;
}

function sceneIndex(c: SceneCollection, id: string): number {
  const i = c.scenes.findIndex((s) => s.id === id);
  if (i < 0) throw unknownId('scene', id);
  return i;
}

function replaceAt<T>(items: readonly T[], i: number, item: T): T[] {
  const next = items.slice();
  next[i] = item;
  return next;
}

// ---- sources ----

/** Adds a source (validated like an imported one); named after its kind unless `name` is given. */
export function addSource(c: SceneCollection, spec: SourceSpec, name?: string): Added {
  const entry: SourceEntry = {
    id: createId('source'),
    name:
      name ??
      freeName(
        KIND_LABELS[spec.kind],
        c.sources.map((s) => s.name),
      ),
    spec: checkedSpec(spec),
  };
  const sources = [...c.sources, entry];
  return { collection: { ...c, sources, audio: syncChannels(c.audio, sources) }, id: entry.id };
}

export function renameSource(c: SceneCollection, id: string, name: string): SceneCollection {
  const i = sourceIndex(c, id);
  const source = c.sources[i]!;
  if (source.name === name) return c;
  return { ...c, sources: replaceAt(c.sources, i, { ...source, name }) };
}

/**
 * Replaces a source's settings (validated). Its audio channel appears or goes with its sound (a
 * video unmuted, screen audio turned off). A source that loses its picture loses its layers.
 */
export function updateSourceSpec(c: SceneCollection, id: string, spec: SourceSpec): SceneCollection {
  const i = sourceIndex(c, id);
  const sources = replaceAt(c.sources, i, { ...c.sources[i]!, spec: checkedSpec(spec) });
  const next = { ...c, sources, audio: syncChannels(c.audio, sources) };
  return hasPicture(spec) ? next : withoutLayersOf(next, id);
}

function withoutLayersOf(c: SceneCollection, sourceId: string): SceneCollection {
  return {
    ...c,
    scenes: c.scenes.map((s) =>
      s.layers.some((l) => l.sourceId === sourceId)
        ? { ...s, layers: s.layers.filter((l) => l.sourceId !== sourceId) }
        : s,
    ),
  };
}

/** Removes a source, its layers in every scene and its audio channel. */
export function removeSource(c: SceneCollection, id: string): SceneCollection {
  if (!c.sources.some((s) => s.id === id)) return c;
  const sources = c.sources.filter((s) => s.id !== id);
  return withoutLayersOf({ ...c, sources, audio: syncChannels(c.audio, sources) }, id);
}

// ---- scenes ----

/** Appends an empty scene, named "Scene N" unless `name` is given. */
export function addScene(c: SceneCollection, name?: string): Added {
  const names = c.scenes.map((s) => s.name);
  let n = c.scenes.length + 1;
  while (names.includes(`Scene ${n}`)) n++;
  const scene: Scene = { id: createId('scene'), name: name ?? `Scene ${n}`, layers: [] };
  return { collection: { ...c, scenes: [...c.scenes, scene] }, id: scene.id };
}

export function renameScene(c: SceneCollection, id: string, name: string): SceneCollection {
  const i = sceneIndex(c, id);
  const scene = c.scenes[i]!;
  if (scene.name === name) return c;
  return { ...c, scenes: replaceAt(c.scenes, i, { ...scene, name }) };
}

/** A copy right after the original, with new layer ids and no hotkey (hotkeys are unique). */
export function duplicateScene(c: SceneCollection, id: string): Added {
  const i = sceneIndex(c, id);
  const original = c.scenes[i]!;
  const copy: Scene = {
    id: createId('scene'),
    name: freeName(
      `${original.name} (copy)`,
      c.scenes.map((s) => s.name),
    ),
    layers: original.layers.map((l) => ({ ...l, id: createId('layer'), crop: { ...l.crop } })),
  };
  const scenes = c.scenes.slice();
  scenes.splice(i + 1, 0, copy);
  return { collection: { ...c, scenes }, id: copy.id };
}

/**
 * Removes a scene; never the last one (`studio/invalid-edit`). A removed program or preview scene is
 * replaced by its neighbour (the next one, else the previous one).
 */
export function removeScene(c: SceneCollection, id: string): SceneCollection {
  const i = c.scenes.findIndex((s) => s.id === id);
  if (i < 0) return c;
  if (c.scenes.length === 1)
    throw invalidEdit('A collection needs at least one scene: add another before removing this one.');
  const scenes = c.scenes.filter((s) => s.id !== id);
  const neighbour = (scenes[i] ?? scenes[i - 1])!.id;
  const next: SceneCollection = { ...c, scenes };
  if (c.programSceneId === id) next.programSceneId = neighbour;
  if (c.previewSceneId === id) next.previewSceneId = neighbour;
  return next;
}

/** Moves a scene to position `toIndex` in the list (clamped to the list). */
export function moveScene(c: SceneCollection, id: string, toIndex: number): SceneCollection {
  const from = sceneIndex(c, id);
  const to = clamp(Math.round(toIndex), 0, c.scenes.length - 1);
  if (from === to) return c;
  const scenes = c.scenes.slice();
  const [scene] = scenes.splice(from, 1);
  scenes.splice(to, 0, scene!);
  return { ...c, scenes };
}

/**
 * Sets (or with `undefined` clears) the key that switches to a scene: a digit or a letter, case
 * ignored. A key already used by another scene moves to this one. Anything else: `studio/invalid-edit`.
 */
export function setSceneHotkey(c: SceneCollection, id: string, hotkey: string | undefined): SceneCollection {
  sceneIndex(c, id);
  const key = hotkey === undefined ? undefined : normalizeHotkey(hotkey);
  if (hotkey !== undefined && key === undefined) {
    throw invalidEdit(`"${hotkey}" cannot be a scene hotkey: use a digit or a letter.`);
  }
  return {
    ...c,
    scenes: c.scenes.map((s) => {
      if (s.id === id) {
        if (s.hotkey === key) return s;
        const { hotkey: _old, ...rest } = s;
        return key === undefined ? rest : { ...rest, hotkey: key };
      }
      if (key !== undefined && s.hotkey === key) {
        const { hotkey: _taken, ...rest } = s;
        return rest;
      }
      return s;
    }),
  };
}

/** The scene whose hotkey is `key` (case ignored), for the app's key handler. */
export function sceneForHotkey(c: SceneCollection, key: string): Scene | undefined {
  const k = normalizeHotkey(key);
  return k === undefined ? undefined : c.scenes.find((s) => s.hotkey === k);
}

// ---- program and preview (studio mode) ----

export function setProgramScene(c: SceneCollection, id: string): SceneCollection {
  sceneIndex(c, id);
  return c.programSceneId === id ? c : { ...c, programSceneId: id };
}

/** Chooses the scene being prepared; this turns studio mode on. */
export function setPreviewScene(c: SceneCollection, id: string): SceneCollection {
  sceneIndex(c, id);
  return c.previewSceneId === id ? c : { ...c, previewSceneId: id };
}

/** Studio mode is on when there is a preview scene: turning it on previews the program scene. */
export function setStudioMode(c: SceneCollection, on: boolean): SceneCollection {
  if (on) return c.previewSceneId !== undefined ? c : { ...c, previewSceneId: c.programSceneId };
  if (c.previewSceneId === undefined) return c;
  const { previewSceneId: _preview, ...rest } = c;
  return rest;
}

/** Take: the preview goes on air and the old program scene comes back to preview (as in OBS). */
export function takePreview(c: SceneCollection): SceneCollection {
  if (c.previewSceneId === undefined || c.previewSceneId === c.programSceneId) return c;
  return { ...c, programSceneId: c.previewSceneId, previewSceneId: c.programSceneId };
}

// ---- audio, transition, output ----

function checkedGain(gainDb: number | undefined, what: string): number | undefined {
  if (gainDb === undefined) return undefined;
  if (Number.isNaN(gainDb)) throw invalidEdit(`The ${what} gain must be a number of dB.`);
  return clamp(gainDb, MIN_GAIN_DB, MAX_GAIN_DB);
}

/** Changes a source's mixer channel; gain is clamped to MIN_GAIN_DB..MAX_GAIN_DB. */
export function updateAudioChannel(
  c: SceneCollection,
  sourceId: string,
  patch: Partial<AudioChannelSettings>,
): SceneCollection {
  const channel = c.audio.channels[sourceId];
  if (!channel) throw unknownId('audio channel', sourceId);
  const gainDb = checkedGain(patch.gainDb, 'channel');
  const next = { ...channel, ...patch, ...(gainDb === undefined ? {} : { gainDb }) };
  return { ...c, audio: { ...c.audio, channels: { ...c.audio.channels, [sourceId]: next } } };
}

export function updateMaster(c: SceneCollection, patch: Partial<AudioSettings['master']>): SceneCollection {
  const gainDb = checkedGain(patch.gainDb, 'master');
  const master = { ...c.audio.master, ...patch, ...(gainDb === undefined ? {} : { gainDb }) };
  return { ...c, audio: { ...c.audio, master } };
}

/** The monitor output device, or `undefined` for the default one. */
export function setMonitorDevice(c: SceneCollection, deviceId: string | undefined): SceneCollection {
  const { monitorDeviceId: _old, ...audio } = c.audio;
  return { ...c, audio: deviceId === undefined ? audio : { ...audio, monitorDeviceId: deviceId } };
}

/** Changes the transition; the duration is clamped to 0..MAX_TRANSITION_MS. */
export function setTransition(c: SceneCollection, patch: Partial<TransitionSpec>): SceneCollection {
  const transition = { ...c.transition, ...patch };
  if (Number.isNaN(transition.durationMs))
    throw invalidEdit('The transition duration must be a number of ms.');
  transition.durationMs = clamp(transition.durationMs, 0, MAX_TRANSITION_MS);
  return { ...c, transition };
}

export function setOutputPreset(c: SceneCollection, preset: OutputPreset): SceneCollection {
  return c.output.preset === preset ? c : { ...c, output: { preset } };
}
