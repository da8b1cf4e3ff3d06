import { FULL_FRAME, boxAspect, fitBox, type LayerBox } from './layer-box';
import { outputAspect } from './layer-ops';
import { unknownId } from './scene-errors';
import type { Layer, Scene, SceneCollection } from './scene-types';

export type LayoutPreset =
  | 'full'
  | 'pip-top-left'
  | 'pip-top-right'
  | 'pip-bottom-left'
  | 'pip-bottom-right'
  | 'side-by-side'
  | 'grid';

export const LAYOUT_PRESETS: readonly LayoutPreset[] = [
  'full',
  'pip-top-left',
  'pip-top-right',
  'pip-bottom-left',
  'pip-bottom-right',
  'side-by-side',
  'grid',
];

export interface LayoutOptions {
  /** The layer that gets the main place; default the bottom-most visible layer. */
  mainLayerId?: string;
  /** The output frame's pixel aspect; default 16:9. */
  outputAspect?: number;
  /**
   * Picture aspect (width / height) per layer id, when the engine knows the source's real one;
   * otherwise a layer's current box is taken to have the right shape.
   */
  aspects?: Record<string, number>;
}

/** Inset of a picture-in-picture: this fraction of the frame width (less if the picture is tall). */
export const PIP_WIDTH = 0.3;
/** ... and at most this fraction of the frame height. */
export const PIP_MAX_HEIGHT = 0.4;
/** Gap between the inset and the frame edges, as a fraction of the frame width (same in pixels on both axes). */
export const PIP_MARGIN = 0.03;

/**
 * Arranges the visible layers of a scene. `full`: the main layer fills the frame (letterboxed by its
 * aspect). `pip-*`: main full frame and the next layer (the first visible one above main, else the
 * topmost below it, which is then raised above main) as an inset in that corner. `side-by-side`: main
 * on the left half, the next on the right. `grid`: every visible layer, main first then back to front,
 * in the smallest near-square grid (the last row centred), each letterboxed in its cell.
 *
 * Only the arranged layers change (box, rotation reset; crop kept); a preset that needs two layers with
 * one visible falls back to `full`; a scene with no visible layer comes back unchanged.
 */
export function applyLayout(scene: Scene, preset: LayoutPreset, options: LayoutOptions = {}): Scene {
  const frameAspect = options.outputAspect ?? 16 / 9;
  const visible = scene.layers.filter((l) => l.visible);
  let main: Layer | undefined;
  if (options.mainLayerId !== undefined) {
    main = scene.layers.find((l) => l.id === options.mainLayerId);
    if (!main) throw unknownId('layer', options.mainLayerId);
  } else {
    main = visible[0];
  }
  if (!main) return scene;
  const aspectOf = (layer: Layer) => options.aspects?.[layer.id] ?? boxAspect(layer, frameAspect);
  const boxes = new Map<string, LayerBox>();
  const fit = (layer: Layer, region: LayerBox) =>
    boxes.set(layer.id, fitBox(region, aspectOf(layer), frameAspect));

  const mainIndex = scene.layers.indexOf(main);
  const others = visible.filter((l) => l !== main);
  const second = others.find((l) => scene.layers.indexOf(l) > mainIndex) ?? others.at(-1);
  let layers = scene.layers;

  if (preset === 'full' || (!second && preset !== 'grid')) {
    fit(main, FULL_FRAME);
  } else if (preset === 'side-by-side') {
    fit(main, { x: 0, y: 0, width: 0.5, height: 1 });
    fit(second!, { x: 0.5, y: 0, width: 0.5, height: 1 });
  } else if (preset === 'grid') {
    const cells = [main, ...others];
    const cols = Math.ceil(Math.sqrt(cells.length));
    const rows = Math.ceil(cells.length / cols);
    cells.forEach((layer, i) => {
      const row = Math.floor(i / cols);
      const inRow = row === rows - 1 ? cells.length - row * cols : cols;
      const indent = (cols - inRow) / 2; // centres a short last row
      fit(layer, { x: (indent + (i % cols)) / cols, y: row / rows, width: 1 / cols, height: 1 / rows });
    });
  } else {
    fit(main, FULL_FRAME);
    const inset = fitBox(
      { x: 0, y: 0, width: PIP_WIDTH, height: PIP_MAX_HEIGHT },
      aspectOf(second!),
      frameAspect,
    );
    const mx = PIP_MARGIN;
    const my = PIP_MARGIN * frameAspect;
    const right = preset.endsWith('right');
    const bottom = preset.startsWith('pip-bottom');
    boxes.set(second!.id, {
      x: right ? 1 - mx - inset.width : mx,
      y: bottom ? 1 - my - inset.height : my,
      width: inset.width,
      height: inset.height,
    });
    if (scene.layers.indexOf(second!) < mainIndex) {
      // The inset must be drawn over the main picture: put it just above main.
      layers = layers.filter((l) => l !== second);
      layers.splice(layers.indexOf(main) + 1, 0, second!);
    }
  }
  return {
    ...scene,
    layers: layers.map((l) => {
      const box = boxes.get(l.id);
      return box ? { ...l, ...box, rotation: 0 } : l;
    }),
  };
}

/** `applyLayout` on one scene of a collection, with the collection's output aspect. */
export function applySceneLayout(
  c: SceneCollection,
  sceneId: string,
  preset: LayoutPreset,
  options: Omit<LayoutOptions, 'outputAspect'> = {},
): SceneCollection {
  const i = c.scenes.findIndex((s) => s.id === sceneId);
  if (i < 0) throw unknownId('scene', sceneId);
  const scenes = c.scenes.slice();
  scenes[i] = applyLayout(c.scenes[i]!, preset, { ...options, outputAspect: outputAspect(c) });
  return { ...c, scenes };
}
