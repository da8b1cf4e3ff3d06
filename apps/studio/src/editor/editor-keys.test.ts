import { describe, expect, it } from 'vitest';
import { editorKeyAction, type KeyLike } from './editor-keys';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('editor keys', () => {
  it('nudges with the arrows, 10 px with shift', () => {
    expect(editorKeyAction(key('ArrowLeft'))).toEqual({ kind: 'nudge', direction: 'left', large: false });
    expect(editorKeyAction(key('ArrowDown', { shiftKey: true }))).toEqual({
      kind: 'nudge',
      direction: 'down',
      large: true,
    });
    expect(editorKeyAction(key('ArrowUp'))).toMatchObject({ direction: 'up' });
    expect(editorKeyAction(key('ArrowRight'))).toMatchObject({ direction: 'right' });
  });

  it('leaves arrows with Ctrl, Cmd or Alt to the browser', () => {
    expect(editorKeyAction(key('ArrowLeft', { ctrlKey: true }))).toBeUndefined();
    expect(editorKeyAction(key('ArrowLeft', { metaKey: true }))).toBeUndefined();
    expect(editorKeyAction(key('ArrowLeft', { altKey: true }))).toBeUndefined();
  });

  it('removes with Delete and Backspace, deselects with Escape', () => {
    expect(editorKeyAction(key('Delete'))).toEqual({ kind: 'remove' });
    expect(editorKeyAction(key('Backspace'))).toEqual({ kind: 'remove' });
    expect(editorKeyAction(key('Escape'))).toEqual({ kind: 'deselect' });
  });

  it('duplicates with Ctrl+D or Cmd+D only', () => {
    expect(editorKeyAction(key('d', { ctrlKey: true }))).toEqual({ kind: 'duplicate' });
    expect(editorKeyAction(key('D', { metaKey: true }))).toEqual({ kind: 'duplicate' });
    expect(editorKeyAction(key('d'))).toBeUndefined();
    expect(editorKeyAction(key('d', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(editorKeyAction(key('Delete', { ctrlKey: true }))).toBeUndefined();
  });

  it('ignores other keys', () => {
    expect(editorKeyAction(key('a'))).toBeUndefined();
    expect(editorKeyAction(key(' '))).toBeUndefined();
  });
});
