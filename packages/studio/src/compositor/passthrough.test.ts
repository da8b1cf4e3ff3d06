import { describe, expect, it } from 'vitest';
import type { Layer, Scene } from '../scene/scene-types';
import { passthroughSource } from './passthrough';

function layer(id: string, patch: Partial<Layer> = {}): Layer {
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

const scene = (...layers: Layer[]): Scene => ({ id: 's', name: 's', layers });

describe('passthroughSource', () => {
  it('forwards the one untouched full-frame layer', () => {
    expect(passthroughSource(scene(layer('cam')))).toBe('src-cam');
    expect(passthroughSource(scene(layer('cam'), layer('logo', { visible: false })))).toBe('src-cam');
  });

  it('draws anything else', () => {
    expect(passthroughSource(undefined)).toBeUndefined();
    expect(passthroughSource(scene())).toBeUndefined();
    expect(passthroughSource(scene(layer('cam'), layer('logo', { width: 0.2 })))).toBeUndefined();
    expect(passthroughSource(scene(layer('cam', { width: 0.5 })))).toBeUndefined();
    expect(passthroughSource(scene(layer('cam', { rotation: 1 })))).toBeUndefined();
    expect(passthroughSource(scene(layer('cam', { opacity: 0.5 })))).toBeUndefined();
    expect(
      passthroughSource(scene(layer('cam', { crop: { left: 0.1, top: 0, right: 0, bottom: 0 } }))),
    ).toBeUndefined();
    expect(
      passthroughSource(
        scene(
          layer('cam', { chromaKey: { color: '#00ff00', similarity: 0.4, smoothness: 0.1, spill: 0.1 } }),
        ),
      ),
    ).toBeUndefined();
  });
});
