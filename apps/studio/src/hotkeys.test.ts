import { addScene, defaultCollection, setSceneHotkey, setStudioMode } from '@brume/studio';
import { describe, expect, it } from 'vitest';
import { hotkeyAction, type KeyLike } from './hotkeys';

const press = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('studio hotkeys', () => {
  const base = defaultCollection();
  const second = addScene(base, 'Two');
  const collection = setSceneHotkey(second.collection, second.id, '2');

  it('switches to the scene with that hotkey, and nothing for unbound keys', () => {
    expect(hotkeyAction(press('2'), collection)).toEqual({ type: 'scene', sceneId: second.id });
    expect(hotkeyAction(press('3'), collection)).toBeUndefined();
    expect(hotkeyAction(press('2', { ctrlKey: true }), collection)).toBeUndefined();
  });

  it('takes with Enter only in studio mode', () => {
    expect(hotkeyAction(press('Enter'), collection)).toBeUndefined();
    expect(hotkeyAction(press('Enter'), setStudioMode(collection, true))).toEqual({ type: 'take' });
  });

  it('toggles live and recording with Ctrl/Cmd+Shift', () => {
    expect(hotkeyAction(press('L', { ctrlKey: true, shiftKey: true }), collection)).toEqual({
      type: 'toggle-live',
    });
    expect(hotkeyAction(press('r', { metaKey: true, shiftKey: true }), collection)).toEqual({
      type: 'toggle-record',
    });
    expect(hotkeyAction(press('l', { shiftKey: true }), collection)).toBeUndefined();
  });
});
