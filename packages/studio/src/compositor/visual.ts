import type { ColorSpec } from '../scene/scene-types';

/**
 * What the compositor draws for one source id:
 * - `track`: a live video track (camera, screen, video file, test pattern, guest); the compositor
 *   pulls its frames (MediaStreamTrackProcessor where available) and draws the latest one;
 * - `bitmap`: a still picture (image, rendered text); replaced whole when it changes; the compositor
 *   takes ownership and closes the previous one;
 * - `fill`: a colour or gradient, drawn by the renderer itself.
 */
export type Visual =
  | { type: 'track'; track: MediaStreamTrack }
  | { type: 'bitmap'; bitmap: ImageBitmap }
  | { type: 'fill'; fill: ColorSpec };
