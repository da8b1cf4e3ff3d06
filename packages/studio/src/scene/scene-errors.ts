import { StudioError } from '../studio-error';

/** What a scene edit refers to, for messages. */
export type SceneThing = 'source' | 'scene' | 'layer' | 'audio channel';

/**
 * An edit named something that is not in the collection (a stale selection, a bug in the caller).
 * Removing something absent is not an error (the end state already holds); every other edit is.
 */
export function unknownId(thing: SceneThing, id: string): StudioError {
  return new StudioError(
    'studio/unknown-id',
    `There is no ${thing} "${id}" in this scene collection; it may have been removed. Refresh the selection.`,
  );
}

/** An edit that would break the document (remove the last scene, a layer for a microphone...). */
export function invalidEdit(message: string, cause?: unknown): StudioError {
  return new StudioError('studio/invalid-edit', message, { cause });
}

/** An imported or saved scene file with a bad field; `path` is like `scenes[1].layers[0].opacity`. */
export function invalidSceneFile(path: string, problem: string, cause?: unknown): StudioError {
  const what = path === '' ? 'The file' : path;
  return new StudioError(
    'studio/invalid-scene-file',
    `This is not a valid Brume scene file: ${what} ${problem}. Export it again from the studio or fix that field.`,
    { cause },
  );
}
