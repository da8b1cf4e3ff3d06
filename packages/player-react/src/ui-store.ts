import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SubtitleTracks } from './subtitles/subtitle-tracks';

/** The popup menus: the settings menu and the lists it (or a control-bar button) opens. */
export type MenuId = 'settings' | 'quality' | 'audio' | 'subtitles' | 'speed';

/** A point of the seek bar under the pointer (or the finger while scrubbing). */
export interface SeekPreview {
  /** 0–1 along the bar. */
  fraction: number;
  /** The pointer is down: the thumb follows the preview until it is released. */
  dragging: boolean;
}

/**
 * UI-only state of one player: what the skin shows, never what the media does (that is the core's
 * `PlayerState`). One store per `<Player/>`, reached through `usePlayer().ui`.
 */
export interface UiState {
  controlsVisible: boolean;
  /** The pointer rests on the control bar: the controls stay up while it does. */
  pointerOnControls: boolean;
  menu: MenuId | undefined;
  /** The open list was reached through the settings menu, so it offers a way back. */
  menuFromSettings: boolean;
  statsOpen: boolean;
  seekPreview: SeekPreview | undefined;
  /** The player is narrow (a phone): secondary controls move into the settings menu. */
  compact: boolean;
  fullscreen: boolean;
  /** The subtitle track the `c` key turns back on. */
  lastTextTrack: string | undefined;
  /** Set by `metadata-subtitles` while the stream has subtitle metadata tracks (see `subtitlesOf`). */
  subtitles: SubtitleTracks | undefined;

  showControls(): void;
  hideControls(): void;
  setPointerOnControls(on: boolean): void;
  openMenu(menu: MenuId, fromSettings?: boolean): void;
  closeMenu(): void;
  toggleStats(): void;
  setSeekPreview(preview: SeekPreview | undefined): void;
  setCompact(compact: boolean): void;
  setFullscreen(fullscreen: boolean): void;
  rememberTextTrack(id: string): void;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>()((set) => ({
    controlsVisible: true,
    pointerOnControls: false,
    menu: undefined,
    menuFromSettings: false,
    statsOpen: false,
    seekPreview: undefined,
    compact: false,
    fullscreen: false,
    lastTextTrack: undefined,
    subtitles: undefined,

    showControls: () => set({ controlsVisible: true }),
    hideControls: () => set({ controlsVisible: false }),
    setPointerOnControls: (pointerOnControls) => set({ pointerOnControls }),
    openMenu: (menu, fromSettings = false) =>
      set({ menu, menuFromSettings: fromSettings, controlsVisible: true }),
    closeMenu: () => set({ menu: undefined, menuFromSettings: false }),
    toggleStats: () => set((state) => ({ statsOpen: !state.statsOpen })),
    setSeekPreview: (seekPreview) => set({ seekPreview }),
    setCompact: (compact) => set({ compact }),
    setFullscreen: (fullscreen) => set({ fullscreen }),
    rememberTextTrack: (lastTextTrack) => set({ lastTextTrack }),
  }));
}
