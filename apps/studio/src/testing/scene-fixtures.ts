import type { Layer, Scene, SceneCollection } from '@brume/studio';

/** A layer with a readable id, full frame unless `patch` says otherwise. */
export function layer(id: string, patch: Partial<Layer> = {}): Layer {
  return {
    id,
    sourceId: `src-${id}`,
    name: id,
    x: 0,
    y: 0,
    width: 1,
    height: 1,
    rotation: 0,
    crop: { left: 0, top: 0, right: 0, bottom: 0 },
    opacity: 1,
    visible: true,
    locked: false,
    ...patch,
  };
}

export function scene(layers: Layer[], id = 'scene-1'): Scene {
  return { id, name: 'Scene 1', layers };
}

/** A 720p collection holding `scenes`, with a colour source for each layer's `sourceId`. */
export function collection(...scenes: Scene[]): SceneCollection {
  const sourceIds = new Set(scenes.flatMap((s) => s.layers.map((l) => l.sourceId)));
  return {
    version: 1,
    sources: [...sourceIds].map((id) => ({ id, name: id, spec: { kind: 'color', color: '#336699' } })),
    scenes,
    programSceneId: scenes[0]!.id,
    transition: { kind: 'cut', durationMs: 0 },
    audio: { channels: {}, master: { gainDb: 0, compressor: false, limiter: true } },
    output: { preset: '720p30' },
  };
}
