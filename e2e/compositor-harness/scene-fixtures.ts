import type { Layer } from '@brume/studio';

/** A full-frame, untransformed layer of `sourceId`, with `box` overriding any field. */
export function layer(id: string, sourceId: string, box: Partial<Layer> = {}): Layer {
  return {
    id,
    sourceId,
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
    ...box,
  };
}
