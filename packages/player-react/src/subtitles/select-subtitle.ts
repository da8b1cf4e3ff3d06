import type { Player as PlayerCore } from '@brume/player';
import type { UiStore } from '../ui-store';
import { saveSubtitleChoice } from './subtitle-memory';
import { currentSubtitle, subtitleOptions, type SubtitleOption } from './subtitle-options';

/** The subtitle options of the player right now (engine text tracks and subtitle metadata tracks). */
export function subtitleOptionsOf(player: PlayerCore): SubtitleOption[] {
  return subtitleOptions(player.getState().tracks.text, player.metadata.tracks);
}

/**
 * Shows `option` (or nothing): a metadata track is drawn by the skin with the engine's own text
 * off, an engine track is the engine's to draw. Not remembered: see `chooseSubtitle`.
 */
export function selectSubtitle(player: PlayerCore, ui: UiStore, option: SubtitleOption | undefined): void {
  const { rememberTextTrack, setCaptionTrack } = ui.getState();
  if (option) rememberTextTrack(option.id);
  setCaptionTrack(option?.source === 'meta' ? option.name : undefined);
  const engineId = option?.source === 'engine' ? option.id : undefined;
  if (engineId !== player.getState().tracks.textId) player.setTextTrack(engineId);
}

/** The viewer's choice: shown, and remembered for the next stream in this browser. */
export function chooseSubtitle(player: PlayerCore, ui: UiStore, option: SubtitleOption | undefined): void {
  selectSubtitle(player, ui, option);
  saveSubtitleChoice(option);
}

/** Subtitles off, or back on with the track shown last (the first one the first time). */
export function toggleSubtitles(player: PlayerCore, ui: UiStore): void {
  const options = subtitleOptionsOf(player);
  if (!options.length) return;
  const { lastTextTrack, captionTrack } = ui.getState();
  const current = currentSubtitle(options, player.getState().tracks.textId, captionTrack);
  if (current) {
    ui.getState().rememberTextTrack(current.id);
    return chooseSubtitle(player, ui, undefined);
  }
  chooseSubtitle(player, ui, options.find((o) => o.id === lastTextTrack) ?? options[0]);
}
