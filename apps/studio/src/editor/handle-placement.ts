import { handlePosition, type PixelBox, type Size } from '@brume/studio';

/**
 * How far above its box's top edge the rotation handle sits, in output px. Above is where users look
 * for it, but for a layer touching the top of the frame (a full-frame camera) that is off the picture,
 * where the pointer cannot reach it: there the handle goes the same distance inside the box.
 */
export function rotateHandleOffset(box: PixelBox, frame: Size, offsetPx: number): number {
  const p = handlePosition(box, 'rotate', offsetPx);
  const onPicture = p.x >= 0 && p.x <= frame.width && p.y >= 0 && p.y <= frame.height;
  return onPicture ? offsetPx : -offsetPx;
}
