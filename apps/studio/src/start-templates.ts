import {
  addLayer,
  addSource,
  applySceneLayout,
  defaultCollection,
  removeSource,
  type SceneCollection,
  type SourceSpec,
} from '@brume/studio';

/** What a new studio starts with: the first-run choices and `?source=`. */
export type StartTemplate = 'pattern' | 'camera' | 'screen';

export const START_TEMPLATES: readonly StartTemplate[] = ['camera', 'screen', 'pattern'];

export const MICROPHONE_DEFAULTS: SourceSpec = {
  kind: 'microphone',
  noiseSuppression: true,
  echoCancellation: true,
  autoGainControl: true,
};

/**
 * A one-scene collection for a template: the test pattern; the camera full frame with the
 * microphone; or the screen full frame with the camera in the bottom-right corner and the microphone.
 */
export function templateCollection(template: StartTemplate): SceneCollection {
  const base = defaultCollection();
  if (template === 'pattern') return base;
  const sceneId = base.programSceneId;
  // Start from the default's settings (transition, audio master, output) without its pattern.
  let c = removeSource(base, base.sources[0]!.id);
  if (template === 'screen') {
    const screen = addSource(c, { kind: 'screen', audio: true });
    c = addLayer(screen.collection, sceneId, screen.id).collection;
  }
  const camera = addSource(c, { kind: 'camera' });
  c = addLayer(camera.collection, sceneId, camera.id).collection;
  c = addSource(c, MICROPHONE_DEFAULTS).collection;
  if (template === 'screen') c = applySceneLayout(c, sceneId, 'pip-bottom-right');
  return c;
}
