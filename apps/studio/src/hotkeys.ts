import { sceneForHotkey, type SceneCollection } from '@brume/studio';

/** What a key press outside a text field asks the studio to do. */
export type HotkeyAction =
  { type: 'scene'; sceneId: string } | { type: 'take' } | { type: 'toggle-live' } | { type: 'toggle-record' };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * Ctrl/⌘+Shift+L: Go Live / Stop; Ctrl/⌘+Shift+R: record / stop recording; Enter in studio mode:
 * Take; a scene's own hotkey (a digit or letter, no modifier): switch to it (in studio mode, preview).
 */
export function hotkeyAction(
  event: KeyLike,
  collection: SceneCollection | undefined,
): HotkeyAction | undefined {
  const command = event.ctrlKey || event.metaKey;
  if (command && event.shiftKey && !event.altKey) {
    const key = event.key.toLowerCase();
    if (key === 'l') return { type: 'toggle-live' };
    if (key === 'r') return { type: 'toggle-record' };
    return undefined;
  }
  if (command || event.altKey || !collection) return undefined;
  if (event.key === 'Enter' && collection.previewSceneId !== undefined) return { type: 'take' };
  if (event.key.length !== 1) return undefined;
  const scene = sceneForHotkey(collection, event.key);
  return scene ? { type: 'scene', sceneId: scene.id } : undefined;
}

/** Keys typed into a field belong to the field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
