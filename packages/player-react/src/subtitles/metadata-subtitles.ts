import type { Player as PlayerCore } from '@brume/player';
import type { UiStore } from '../ui-store';
import type { SubtitleTracks } from './subtitle-tracks';
import { loadSubtitleChoice, rememberedTrack, saveSubtitleChoice } from './subtitle-memory';
import { mergeTextTracks, metaTextId, metaTrackOf, sameTextTracks } from './text-tracks';

/**
 * While the stream lists subtitle metadata tracks: publishes the merged subtitle list in the UI
 * store (`subtitles`, which the menu, button and `c` key use), draws the chosen metadata track with
 * the caption renderer (imported when first chosen) and the engine's text off, remembers each pick
 * in this browser and turns the remembered track on whenever the list changes and none is shown.
 * Returns the teardown (the list goes back to the engine's own, captions go away).
 */
export function attachMetadataSubtitles(player: PlayerCore, ui: UiStore): () => void {
  let captionTrack: string | undefined;
  let renderer: { dispose(): void } | undefined;
  let disposed = false;

  const current = (): Omit<SubtitleTracks, 'select'> => {
    const { text, textId } = player.getState().tracks;
    return {
      text: mergeTextTracks(text, player.metadata.tracks),
      textId: captionTrack === undefined ? textId : metaTextId(captionTrack),
    };
  };

  const showCaptions = (track: string | undefined): void => {
    if (track === captionTrack) return;
    captionTrack = track;
    renderer?.dispose();
    renderer = undefined;
    if (track === undefined) return;
    void import('./caption-renderer').then(({ CaptionRenderer }) => {
      if (!disposed && captionTrack === track)
        renderer = new CaptionRenderer(player.container, player.metadata, track);
    });
  };

  const show = (id: string | undefined): void => {
    const track = metaTrackOf(id);
    showCaptions(track);
    const engineId = track === undefined ? id : undefined;
    if (engineId !== player.getState().tracks.textId) player.setTextTrack(engineId);
    publish();
  };

  /** The viewer's pick (menu, button, `c`): shown and remembered. */
  const select = (id: string | undefined): void => {
    saveSubtitleChoice(current().text.find((track) => track.id === id));
    show(id);
  };

  const publish = (): void => {
    if (disposed) return;
    const { text, textId } = current();
    const previous = ui.getState().subtitles;
    if (previous && previous.textId === textId && sameTextTracks(previous.text, text)) return;
    ui.setState({ subtitles: { text, textId, select } });
    if (textId !== undefined || (previous && sameTextTracks(previous.text, text))) return;
    const remembered = rememberedTrack(text, loadSubtitleChoice());
    if (remembered) show(remembered.id);
  };

  const cleanups = [player.subscribe(publish), player.on('metadatatracks', publish)];
  publish();
  return () => {
    disposed = true;
    for (const cleanup of cleanups) cleanup();
    renderer?.dispose();
    ui.setState({ subtitles: undefined });
  };
}
