/** A box in output-frame units (0..1 on both axes): what `Layer` stores, without rotation. */
export interface LayerBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const FULL_FRAME: LayerBox = { x: 0, y: 0, width: 1, height: 1 };

/**
 * The largest box with picture aspect `aspect` (width / height in pixels) centred in `region`.
 * `outputAspect` is the frame's own pixel aspect: normalised units are not square pixels.
 */
export function fitBox(region: LayerBox, aspect: number, outputAspect: number): LayerBox {
  const regionAspect = (region.width / region.height) * outputAspect;
  if (!(aspect > 0) || !Number.isFinite(aspect) || Math.abs(regionAspect - aspect) < 1e-9)
    return { ...region };
  if (aspect > regionAspect) {
    const height = (region.width * outputAspect) / aspect;
    return { x: region.x, y: region.y + (region.height - height) / 2, width: region.width, height };
  }
  const width = (region.height * aspect) / outputAspect;
  return { x: region.x + (region.width - width) / 2, y: region.y, width, height: region.height };
}

/** The pixel aspect (width / height) of a box in a frame of pixel aspect `outputAspect`. */
export function boxAspect(box: LayerBox, outputAspect: number): number {
  return (box.width / box.height) * outputAspect;
}
