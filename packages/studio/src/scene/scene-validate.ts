import { isValidStreamName } from '@brume/protocol';
import { isOpaqueHex6, parseColor } from './scene-color';
import {
  MAX_CROP_SUM,
  MAX_GAIN_DB,
  MAX_TRANSITION_MS,
  MIN_GAIN_DB,
  MIN_LAYER_SIZE,
  OUTPUT_PRESETS,
  clamp,
  normalizeRotation,
} from './scene-limits';
import type {
  AudioChannelSettings,
  AudioSettings,
  ChromaKey,
  Crop,
  Layer,
  Scene,
  SceneCollection,
  SourceEntry,
  SourceKind,
  SourceSpec,
  TransitionSpec,
} from './scene-types';

/** Reports the first bad field: `path` like `scenes[1].layers[0].opacity`, `problem` like `must be 0..1`. */
export type Fail = (path: string, problem: string) => never;

export const SOURCE_KINDS: readonly SourceKind[] = [
  'camera',
  'microphone',
  'screen',
  'image',
  'text',
  'video',
  'color',
  'pattern',
  'guest',
];

/** Kinds whose sound goes to the mixer (and so have an audio channel), given their settings. */
export function hasSound(spec: SourceSpec): boolean {
  switch (spec.kind) {
    case 'microphone':
    case 'guest':
      return true;
    case 'screen':
      return spec.audio;
    case 'video':
      return !spec.muted;
    case 'pattern':
      return spec.audio === 'beep';
    default:
      return false;
  }
}

/** Kinds with a picture, i.e. that a layer can show. */
export function hasPicture(spec: SourceSpec): boolean {
  return spec.kind !== 'microphone';
}

const key = (path: string, name: string) => (path === '' ? name : `${path}.${name}`);
const index = (path: string, i: number) => `${path}[${i}]`;

/**
 * Field readers over untrusted JSON. Each returns a fresh typed value (unknown fields are dropped) or
 * calls `fail` with the field's path. Values merely out of range are clamped where that cannot change
 * what the user sees or hears in a way they would mind (a rotation of 370°, a font of 2000 px).
 */
class Fields {
  constructor(readonly fail: Fail) {}

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'must be an object');
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    return value;
  }

  string(o: Record<string, unknown>, path: string, name: string, nonEmpty = false): string {
    const v = o[name];
    if (typeof v !== 'string') this.fail(key(path, name), 'must be a string');
    if (nonEmpty && v.trim() === '') this.fail(key(path, name), 'must not be empty');
    return v;
  }

  optionalString(o: Record<string, unknown>, path: string, name: string): string | undefined {
    return o[name] === undefined ? undefined : this.string(o, path, name);
  }

  boolean(o: Record<string, unknown>, path: string, name: string): boolean {
    const v = o[name];
    if (typeof v !== 'boolean') this.fail(key(path, name), 'must be true or false');
    return v;
  }

  number(o: Record<string, unknown>, path: string, name: string): number {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key(path, name), 'must be a finite number');
    return v;
  }

  /** A number that must lie in [min, max]. */
  inRange(o: Record<string, unknown>, path: string, name: string, min: number, max: number): number {
    const v = this.number(o, path, name);
    if (v < min || v > max) this.fail(key(path, name), `must be ${min}..${max}`);
    return v;
  }

  /** A number clamped to [min, max]: only for values where clamping is harmless. */
  clamped(o: Record<string, unknown>, path: string, name: string, min: number, max: number): number {
    return clamp(this.number(o, path, name), min, max);
  }

  oneOf<T extends string>(o: Record<string, unknown>, path: string, name: string, allowed: readonly T[]): T {
    const v = o[name];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(key(path, name), `must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  color(o: Record<string, unknown>, path: string, name: string): string {
    const v = this.string(o, path, name);
    if (!parseColor(v)) this.fail(key(path, name), 'must be a colour like #rrggbb (or #rgb, #rrggbbaa)');
    return v;
  }

  optionalColor(o: Record<string, unknown>, path: string, name: string): string | undefined {
    return o[name] === undefined ? undefined : this.color(o, path, name);
  }

  /** Media URLs that survive a reload: http(s), data: or a file kept in IndexedDB. */
  mediaUrl(o: Record<string, unknown>, path: string, name: string): string {
    const v = this.string(o, path, name, true);
    if (!/^(https?:|data:|blob-store:)/i.test(v)) {
      this.fail(key(path, name), 'must be an http(s), data: or blob-store: URL');
    }
    return v;
  }

  /** Positive pixel dimension / rate, optional. */
  optionalPositive(o: Record<string, unknown>, path: string, name: string, max: number): number | undefined {
    return o[name] === undefined ? undefined : this.inRange(o, path, name, 1, max);
  }
}

function withOptional<T extends object>(value: T): T {
  // Optional fields read as undefined are left out, so the document never carries `"x": undefined`.
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}

export function readSourceSpec(value: unknown, path: string, fail: Fail): SourceSpec {
  const f = new Fields(fail);
  const o = f.object(value, path);
  const kind = f.oneOf(o, path, 'kind', SOURCE_KINDS);
  switch (kind) {
    case 'camera':
      return withOptional({
        kind,
        deviceId: f.optionalString(o, path, 'deviceId'),
        width: f.optionalPositive(o, path, 'width', 7680),
        height: f.optionalPositive(o, path, 'height', 4320),
        frameRate: f.optionalPositive(o, path, 'frameRate', 240),
      });
    case 'microphone':
      return withOptional({
        kind,
        deviceId: f.optionalString(o, path, 'deviceId'),
        noiseSuppression: f.boolean(o, path, 'noiseSuppression'),
        echoCancellation: f.boolean(o, path, 'echoCancellation'),
        autoGainControl: f.boolean(o, path, 'autoGainControl'),
      });
    case 'screen':
      return { kind, audio: f.boolean(o, path, 'audio') };
    case 'image':
      return { kind, url: f.mediaUrl(o, path, 'url') };
    case 'text': {
      let background: { color: string; paddingPx: number; radiusPx: number } | undefined;
      if (o.background !== undefined) {
        const bp = key(path, 'background');
        const b = f.object(o.background, bp);
        background = {
          color: f.color(b, bp, 'color'),
          paddingPx: f.clamped(b, bp, 'paddingPx', 0, 500),
          radiusPx: f.clamped(b, bp, 'radiusPx', 0, 500),
        };
      }
      return withOptional({
        kind,
        text: f.string(o, path, 'text'),
        subtitle: f.optionalString(o, path, 'subtitle'),
        fontFamily: f.string(o, path, 'fontFamily', true),
        fontSizePx: f.clamped(o, path, 'fontSizePx', 4, 1000),
        bold: f.boolean(o, path, 'bold'),
        color: f.color(o, path, 'color'),
        background,
        align: f.oneOf(o, path, 'align', ['left', 'center', 'right'] as const),
        style: f.oneOf(o, path, 'style', ['plain', 'lower-third'] as const),
        accentColor: f.optionalColor(o, path, 'accentColor'),
      });
    }
    case 'video':
      return {
        kind,
        url: f.mediaUrl(o, path, 'url'),
        loop: f.boolean(o, path, 'loop'),
        muted: f.boolean(o, path, 'muted'),
      };
    case 'color': {
      let gradient: { to: string; angleDeg: number } | undefined;
      if (o.gradient !== undefined) {
        const gp = key(path, 'gradient');
        const g = f.object(o.gradient, gp);
        gradient = { to: f.color(g, gp, 'to'), angleDeg: normalizeRotation(f.number(g, gp, 'angleDeg')) };
      }
      return withOptional({ kind, color: f.color(o, path, 'color'), gradient });
    }
    case 'pattern':
      return { kind, audio: f.oneOf(o, path, 'audio', ['beep', 'silent'] as const) };
    case 'guest': {
      const stream = f.string(o, path, 'stream');
      if (!isValidStreamName(stream)) fail(key(path, 'stream'), 'must be a valid stream name');
      const server = f.optionalString(o, path, 'server');
      if (server !== undefined && !/^https?:\/\/[^/]/i.test(server)) {
        fail(key(path, 'server'), 'must be an http(s) URL');
      }
      return withOptional({ kind, stream, server });
    }
  }
}

function readCrop(value: unknown, path: string, f: Fields): Crop {
  const o = f.object(value, path);
  const crop = {
    left: f.inRange(o, path, 'left', 0, MAX_CROP_SUM),
    top: f.inRange(o, path, 'top', 0, MAX_CROP_SUM),
    right: f.inRange(o, path, 'right', 0, MAX_CROP_SUM),
    bottom: f.inRange(o, path, 'bottom', 0, MAX_CROP_SUM),
  };
  // A tiny excess is rounding from the editor's maths; more would cut the picture away.
  if (crop.left + crop.right > MAX_CROP_SUM + 1e-9)
    f.fail(key(path, 'right'), `plus left must be ≤ ${MAX_CROP_SUM}`);
  if (crop.top + crop.bottom > MAX_CROP_SUM + 1e-9)
    f.fail(key(path, 'bottom'), `plus top must be ≤ ${MAX_CROP_SUM}`);
  return crop;
}

function readChromaKey(value: unknown, path: string, f: Fields): ChromaKey {
  const o = f.object(value, path);
  const color = f.string(o, path, 'color');
  if (!isOpaqueHex6(color)) f.fail(key(path, 'color'), 'must be a colour like #rrggbb');
  return {
    color,
    similarity: f.inRange(o, path, 'similarity', 0, 1),
    smoothness: f.inRange(o, path, 'smoothness', 0, 1),
    spill: f.inRange(o, path, 'spill', 0, 1),
  };
}

function readLayer(value: unknown, path: string, f: Fields): Layer {
  const o = f.object(value, path);
  return withOptional({
    id: f.string(o, path, 'id', true),
    sourceId: f.string(o, path, 'sourceId', true),
    name: f.string(o, path, 'name'),
    // Positions are free (a layer may hang off the frame), sizes at least the editor's minimum.
    x: f.number(o, path, 'x'),
    y: f.number(o, path, 'y'),
    width: Math.max(MIN_LAYER_SIZE, positive(o, path, 'width', f)),
    height: Math.max(MIN_LAYER_SIZE, positive(o, path, 'height', f)),
    rotation: normalizeRotation(f.number(o, path, 'rotation')),
    crop: readCrop(o.crop, key(path, 'crop'), f),
    opacity: f.inRange(o, path, 'opacity', 0, 1),
    visible: f.boolean(o, path, 'visible'),
    locked: f.boolean(o, path, 'locked'),
    chromaKey: o.chromaKey === undefined ? undefined : readChromaKey(o.chromaKey, key(path, 'chromaKey'), f),
  });
}

function positive(o: Record<string, unknown>, path: string, name: string, f: Fields): number {
  const v = f.number(o, path, name);
  if (v <= 0) f.fail(key(path, name), 'must be greater than 0');
  return v;
}

/** `1`..`9`, `0` or a letter, lower-case; undefined when `key` is none of them. */
export function normalizeHotkey(hotkey: string): string | undefined {
  const k = hotkey.toLowerCase();
  return /^[0-9a-z]$/.test(k) ? k : undefined;
}

function readTransition(value: unknown, path: string, f: Fields): TransitionSpec {
  const o = f.object(value, path);
  return withOptional({
    kind: f.oneOf(o, path, 'kind', ['cut', 'fade', 'slide', 'wipe'] as const),
    durationMs: f.clamped(o, path, 'durationMs', 0, MAX_TRANSITION_MS),
    direction:
      o.direction === undefined
        ? undefined
        : f.oneOf(o, path, 'direction', ['left', 'right', 'up', 'down'] as const),
  });
}

export function defaultChannel(): AudioChannelSettings {
  return { gainDb: 0, muted: false, monitor: false };
}

function readAudio(value: unknown, path: string, f: Fields, sources: SourceEntry[]): AudioSettings {
  const o = f.object(value, path);
  const cp = key(path, 'channels');
  const raw = f.object(o.channels, cp);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const channels: Record<string, AudioChannelSettings> = {};
  for (const [id, v] of Object.entries(raw)) {
    const p = `${cp}[${JSON.stringify(id)}]`;
    const source = byId.get(id);
    if (!source) f.fail(p, 'refers to no source');
    const c = f.object(v, p);
    const channel = {
      gainDb: f.clamped(c, p, 'gainDb', MIN_GAIN_DB, MAX_GAIN_DB),
      muted: f.boolean(c, p, 'muted'),
      monitor: f.boolean(c, p, 'monitor'),
    };
    // Settings of a source that has (now) no sound are dropped: nothing would use them.
    if (hasSound(source.spec)) channels[id] = channel;
  }
  for (const s of sources) if (hasSound(s.spec) && !channels[s.id]) channels[s.id] = defaultChannel();
  const mp = key(path, 'master');
  const m = f.object(o.master, mp);
  return withOptional({
    channels,
    master: {
      gainDb: f.clamped(m, mp, 'gainDb', MIN_GAIN_DB, MAX_GAIN_DB),
      compressor: f.boolean(m, mp, 'compressor'),
      limiter: f.boolean(m, mp, 'limiter'),
    },
    monitorDeviceId: f.optionalString(o, path, 'monitorDeviceId'),
  });
}

/**
 * Reads a whole collection from parsed JSON: every field typed and in range, ids unique across the
 * document, every reference resolved. Returns a fresh object (the input is not modified).
 */
export function readCollection(value: unknown, fail: Fail): SceneCollection {
  const f = new Fields(fail);
  const o = f.object(value, '');
  if (o.version !== 1) fail('version', 'must be 1');
  const ids = new Set<string>();
  const unique = (id: string, path: string) => {
    if (ids.has(id)) fail(key(path, 'id'), `must be unique ("${id}" is used twice)`);
    ids.add(id);
  };

  const sources = f.array(o.sources, 'sources').map((v, i): SourceEntry => {
    const p = index('sources', i);
    const s = f.object(v, p);
    const entry = {
      id: f.string(s, p, 'id', true),
      name: f.string(s, p, 'name'),
      spec: readSourceSpec(s.spec, key(p, 'spec'), fail),
    };
    unique(entry.id, p);
    return entry;
  });
  const sourceById = new Map(sources.map((s) => [s.id, s]));

  const rawScenes = f.array(o.scenes, 'scenes');
  if (rawScenes.length === 0) fail('scenes', 'must hold at least one scene');
  const hotkeys = new Set<string>();
  const scenes = rawScenes.map((v, i): Scene => {
    const p = index('scenes', i);
    const s = f.object(v, p);
    const id = f.string(s, p, 'id', true);
    unique(id, p);
    const layers = f.array(s.layers, key(p, 'layers')).map((lv, j) => {
      const lp = index(key(p, 'layers'), j);
      const layer = readLayer(lv, lp, f);
      unique(layer.id, lp);
      const source = sourceById.get(layer.sourceId);
      if (!source) fail(key(lp, 'sourceId'), `refers to no source ("${layer.sourceId}")`);
      if (!hasPicture(source.spec)) fail(key(lp, 'sourceId'), 'must refer to a source with a picture');
      return layer;
    });
    let hotkey: string | undefined;
    if (s.hotkey !== undefined) {
      hotkey = normalizeHotkey(f.string(s, p, 'hotkey'));
      if (!hotkey) fail(key(p, 'hotkey'), 'must be a digit or a letter');
      if (hotkeys.has(hotkey)) fail(key(p, 'hotkey'), `must be unique ("${hotkey}" is used twice)`);
      hotkeys.add(hotkey);
    }
    return withOptional({ id, name: f.string(s, p, 'name'), layers, hotkey });
  });

  const sceneIds = new Set(scenes.map((s) => s.id));
  const programSceneId = f.string(o, '', 'programSceneId');
  if (!sceneIds.has(programSceneId)) fail('programSceneId', 'must be the id of a scene');
  const previewSceneId = f.optionalString(o, '', 'previewSceneId');
  if (previewSceneId !== undefined && !sceneIds.has(previewSceneId)) {
    fail('previewSceneId', 'must be the id of a scene');
  }
  const output = f.object(o.output, 'output');
  return withOptional({
    version: 1,
    sources,
    scenes,
    programSceneId,
    previewSceneId,
    transition: readTransition(o.transition, 'transition', f),
    audio: readAudio(o.audio, 'audio', f, sources),
    output: { preset: f.oneOf(output, 'output', 'preset', OUTPUT_PRESETS) },
  });
}
