/** What a keyboard shortcut asks the player to do (see `keyAction`). */
export type KeyAction =
  | { type: 'toggle-play' }
  | { type: 'toggle-mute' }
  | { type: 'toggle-fullscreen' }
  | { type: 'toggle-subtitles' }
  | { type: 'toggle-pip' }
  | { type: 'toggle-stats' }
  | { type: 'seek-by'; seconds: number }
  /** 0 is the start, 0.5 the middle (the digit keys of VoD). */
  | { type: 'seek-to'; fraction: number }
  | { type: 'go-live' }
  | { type: 'volume-by'; delta: number };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface KeyContext {
  live: boolean;
  /** There is something to seek in (a VoD, or a live DVR window). */
  canSeek: boolean;
}

export const SMALL_SEEK_S = 5;
export const LARGE_SEEK_S = 10;
export const VOLUME_STEP = 0.05;

/**
 * The player's keyboard shortcuts (YouTube's, which most viewers know). Returns `undefined` for keys
 * the player does not use, so the browser keeps them (scrolling, tabbing, its own shortcuts): any key
 * with Ctrl, Cmd or Alt is the browser's, and seek keys mean nothing without a seekable range.
 */
export function keyAction(input: KeyInput, context: KeyContext): KeyAction | undefined {
  if (input.ctrlKey || input.metaKey || input.altKey) return undefined;
  // Letters match with Shift or Caps Lock too.
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const seek = (action: KeyAction): KeyAction | undefined => (context.canSeek ? action : undefined);
  const vodSeek = (action: KeyAction): KeyAction | undefined =>
    context.canSeek && !context.live ? action : undefined;
  switch (key) {
    case ' ':
    case 'k':
      return { type: 'toggle-play' };
    case 'm':
      return { type: 'toggle-mute' };
    case 'f':
      return { type: 'toggle-fullscreen' };
    case 'c':
      return { type: 'toggle-subtitles' };
    case 'i':
      return { type: 'toggle-pip' };
    case 's':
      return { type: 'toggle-stats' };
    case 'ArrowLeft':
      return seek({ type: 'seek-by', seconds: -SMALL_SEEK_S });
    case 'ArrowRight':
      return seek({ type: 'seek-by', seconds: SMALL_SEEK_S });
    case 'j':
      return seek({ type: 'seek-by', seconds: -LARGE_SEEK_S });
    case 'l':
      return seek({ type: 'seek-by', seconds: LARGE_SEEK_S });
    case 'ArrowUp':
      return { type: 'volume-by', delta: VOLUME_STEP };
    case 'ArrowDown':
      return { type: 'volume-by', delta: -VOLUME_STEP };
    case 'Home':
      return vodSeek({ type: 'seek-to', fraction: 0 });
    case 'End':
      return context.live ? { type: 'go-live' } : undefined;
  }
  if (/^[0-9]$/.test(key)) return vodSeek({ type: 'seek-to', fraction: Number(key) / 10 });
  return undefined;
}
