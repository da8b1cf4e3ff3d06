import type { Player as PlayerCore } from '@brume/player';
import { toggleFullscreen } from './fullscreen';
import type { KeyAction } from './key-map';
import { togglePip } from './pip';
import { seekIntent, seekWindow, timeAt, type SeekWindow } from './seek-bar-math';
import { subtitlesOf } from './subtitles/subtitle-tracks';
import type { UiStore } from './ui-store';

/** Seeks inside the bar's window; a seek that lands at the live edge becomes `goLive()`. */
export function seekTo(player: PlayerCore, time: number, window: SeekWindow): void {
  const intent = seekIntent(time, window);
  if (intent.type === 'live') player.goLive();
  else player.seek(intent.time);
}

/** Plays a VoD again from its start once it ended. */
export function replay(player: PlayerCore): void {
  player.seek(seekWindow(player.getState())?.start ?? 0);
  void player.play();
}

export function togglePlay(player: PlayerCore): void {
  const state = player.getState();
  if (state.status === 'ended' && !state.live && state.stream === undefined) replay(player);
  else if (state.paused) void player.play();
  else player.pause();
}

/** Subtitles off, or back on with the track shown last (the first one the first time). */
export function toggleSubtitles(player: PlayerCore, ui: UiStore): void {
  const { text, textId, select } = subtitlesOf(player, ui);
  if (!text.length) return;
  if (textId !== undefined) {
    ui.getState().rememberTextTrack(textId);
    select(undefined);
    return;
  }
  const last = ui.getState().lastTextTrack;
  select(text.some((track) => track.id === last) ? last : text[0]?.id);
}

/** Carries out a keyboard shortcut. */
export function runAction(action: KeyAction, player: PlayerCore, ui: UiStore): void {
  const state = player.getState();
  switch (action.type) {
    case 'toggle-play':
      return togglePlay(player);
    case 'toggle-mute':
      return player.setMuted(!state.muted);
    case 'toggle-fullscreen':
      return void toggleFullscreen(player.container, player.video);
    case 'toggle-subtitles':
      return toggleSubtitles(player, ui);
    case 'toggle-pip':
      return void togglePip(player);
    case 'toggle-stats':
      return ui.getState().toggleStats();
    case 'go-live':
      return player.goLive();
    case 'volume-by':
      // The core unmutes when the volume goes above zero, as a viewer pressing "up" expects.
      return player.setVolume(Math.min(1, Math.max(0, state.volume + action.delta)));
    case 'seek-by':
    case 'seek-to': {
      const window = seekWindow(state);
      if (!window) return;
      const time =
        action.type === 'seek-by' ? state.currentTime + action.seconds : timeAt(action.fraction, window);
      return seekTo(player, time, window);
    }
  }
}
