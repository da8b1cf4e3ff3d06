import { formatQualityLabel } from '../quality-label';
import type { EngineTracks, MediaTrackOption, QualityLevel } from '../types';
import type { VjsAudioTrack, VjsList, VjsQualityLevelList, VjsTextTrack, VjsTrack } from './videojs-api';

/** Text tracks a viewer picks from (not `metadata`/`chapters`/`descriptions`). */
const SUBTITLE_KINDS = new Set(['subtitles', 'captions']);

function* items<T>(list: VjsList<T>): Generator<T> {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item) yield item;
  }
}

function option(track: VjsTrack): MediaTrackOption {
  return {
    id: track.id,
    label: track.label || track.language || track.id,
    ...(track.language ? { language: track.language } : {}),
  };
}

/**
 * The engine's tracks from video.js's lists: renditions from `qualityLevels()` (VHS fills it with the
 * manifest's video variants), `quality` is what the user chose (`auto` while VHS's ABR picks),
 * `activeQuality` the rendition VHS plays now.
 */
export function readTracks(
  levels: VjsQualityLevelList,
  audio: VjsList<VjsAudioTrack>,
  text: VjsList<VjsTextTrack>,
  quality: string,
): EngineTracks {
  const qualities: QualityLevel[] = [...items(levels)].map((level) => ({
    id: level.id,
    ...(level.width ? { width: level.width } : {}),
    ...(level.height ? { height: level.height } : {}),
    ...(level.bitrate ? { bitrate: level.bitrate } : {}),
    label: formatQualityLabel(level),
  }));
  const audioTracks = [...items(audio)];
  const textTracks = [...items(text)].filter((track) => SUBTITLE_KINDS.has(track.kind));
  const active = levels.selectedIndex >= 0 ? levels[levels.selectedIndex]?.id : undefined;
  const audioId = audioTracks.find((track) => track.enabled)?.id;
  const textId = textTracks.find((track) => track.mode === 'showing')?.id;
  return {
    qualities,
    quality: qualities.some((q) => q.id === quality) ? quality : 'auto',
    ...(active !== undefined ? { activeQuality: active } : {}),
    audio: audioTracks.map(option),
    ...(audioId !== undefined ? { audioId } : {}),
    text: textTracks.map(option),
    ...(textId !== undefined ? { textId } : {}),
  };
}

/**
 * Pins VHS to one rendition, or gives every rendition back to its ABR for `auto`. VHS reacts to a
 * level being *enabled* (it switches to that playlist at once, dropping what it buffered of the
 * old one) but not to one being disabled (its ABR only avoids it at the next decision, which for a
 * fully buffered VoD never comes). So the others are disabled first, then the chosen one is enabled,
 * re-enabled if need be to make VHS switch now. Back to `auto`, VHS jumps to the last level that
 * was re-enabled and its ABR moves on from there. Unknown ids change nothing (returns false).
 */
export function selectQuality(levels: VjsQualityLevelList, id: string): boolean {
  const all = [...items(levels)];
  if (id === 'auto') {
    for (const level of all) level.enabled = true;
    return true;
  }
  const chosen = all.find((level) => level.id === id);
  if (!chosen) return false;
  for (const level of all) if (level !== chosen) level.enabled = false;
  if (chosen.enabled && levels[levels.selectedIndex] !== chosen) chosen.enabled = false;
  chosen.enabled = true;
  return true;
}

/** Enables one audio track; video.js disables the others and VHS switches its audio playlist. */
export function selectAudioTrack(audio: VjsList<VjsAudioTrack>, id: string): void {
  const chosen = [...items(audio)].find((track) => track.id === id);
  if (chosen) chosen.enabled = true;
}

/** Shows one subtitle track, or none for `undefined`. */
export function selectTextTrack(text: VjsList<VjsTextTrack>, id: string | undefined): void {
  for (const track of items(text)) {
    if (!SUBTITLE_KINDS.has(track.kind)) continue;
    track.mode = track.id === id ? 'showing' : 'disabled';
  }
}
