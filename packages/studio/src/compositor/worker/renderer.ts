import type { Scene } from '../../scene/scene-types';
import type { RendererKind } from '../compositor-messages';
import type { ScenePlacement } from '../transition-math';
import type { Drawable } from './source-store';

/** What one frame shows: a scene, or two scenes mid-transition placed as `transitionPlacements` says. */
export type FrameContent =
  | { type: 'scene'; scene: Scene }
  | { type: 'transition'; from: Scene; to: Scene; placements: ScenePlacement[] };

export type SourceLookup = (sourceId: string) => Drawable | undefined;

/**
 * Draws frames into the worker's OffscreenCanvas. Both renderers clear to opaque black and then
 * draw visible layers back to front; a layer whose source has no picture yet draws nothing.
 */
export interface Renderer {
  readonly kind: RendererKind;
  readonly canvas: OffscreenCanvas;
  resize(width: number, height: number): void;
  draw(content: FrameContent, sources: SourceLookup): void;
  /** Frees what the renderer keeps for a source (its texture) when the source goes. */
  releaseSource(sourceId: string): void;
  dispose(): void;
}
