import { invalidSceneFile } from './scene-errors';
import type { SceneCollection } from './scene-types';
import { readCollection } from './scene-validate';

/**
 * The collection as a scene file: pretty JSON with `version: 1` first. Files the user picked stay
 * `blob-store:` URLs; run `BlobStore.inlineBlobs` first for a file that works in another browser.
 */
export function exportCollection(collection: SceneCollection): string {
  const { version, ...rest } = collection;
  return JSON.stringify({ version, ...rest }, null, 2) + '\n';
}

/**
 * Parses and validates a scene file. Throws `StudioError` `studio/invalid-scene-file` whose message
 * names the first bad field (`scenes[1].layers[0].opacity must be 0..1`).
 */
export function importCollection(text: string): SceneCollection {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidSceneFile('', 'is not JSON', error);
  }
  return readCollection(value, (path, problem) => {
    throw invalidSceneFile(path, problem);
  });
}
