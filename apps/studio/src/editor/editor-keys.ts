import type { NudgeDirection } from '@brume/studio';

/** What a key pressed on the focused canvas editor asks for. */
export type EditorKeyAction =
  | { kind: 'nudge'; direction: NudgeDirection; large: boolean }
  | { kind: 'remove' }
  | { kind: 'deselect' }
  | { kind: 'duplicate' };

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const ARROWS: Record<string, NudgeDirection> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * Arrows nudge 1 output px (shift: 10), Delete/Backspace remove the selected layer, Escape deselects,
 * Ctrl/Cmd+D duplicates. Anything else (and arrows with Ctrl/Cmd/Alt, which the browser and the OS
 * use) is left alone, so the page's own shortcuts keep working.
 */
export function editorKeyAction(event: KeyLike): EditorKeyAction | undefined {
  const command = event.ctrlKey || event.metaKey;
  const direction = ARROWS[event.key];
  if (direction) {
    return command || event.altKey ? undefined : { kind: 'nudge', direction, large: event.shiftKey };
  }
  if (command && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'd') {
    return { kind: 'duplicate' };
  }
  if (command || event.altKey) return undefined;
  if (event.key === 'Delete' || event.key === 'Backspace') return { kind: 'remove' };
  if (event.key === 'Escape') return { kind: 'deselect' };
  return undefined;
}
