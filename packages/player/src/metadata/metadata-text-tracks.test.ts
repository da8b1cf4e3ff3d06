// @vitest-environment happy-dom
import type { MetadataEvent, MetadataTrack } from '@brume/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  METADATA_CUE_MIN_S,
  MetadataTextTracks,
  SUBTITLE_CUE_DEFAULT_S,
  cueText,
  textTracksSupported,
} from './metadata-text-tracks';

const chat: MetadataTrack = { name: 'chat', kind: 'json' };
const captions: MetadataTrack = { name: 'captions', kind: 'subtitle', lang: 'fr', label: 'Français' };

function listed(video: HTMLVideoElement): TextTrack[] {
  const out: TextTrack[] = [];
  for (let i = 0; i < video.textTracks.length; i++) out.push(video.textTracks[i] as TextTrack);
  return out;
}

/** happy-dom hides `cues` unless the mode is `showing` (it does not model `hidden`). */
function cuesOf(track: TextTrack): { start: number; end: number; text: string; id: string }[] {
  track.mode = 'showing';
  return [...(track.cues ?? [])].map((c) => {
    const cue = c as VTTCue;
    return { start: cue.startTime, end: cue.endTime, text: cue.text, id: cue.id };
  });
}

describe('MetadataTextTracks', () => {
  let video: HTMLVideoElement;
  let offsetMs: number | undefined;
  let mirror: MetadataTextTracks;

  beforeEach(() => {
    video = document.createElement('video');
    offsetMs = 10_000;
    // Media time = stream time − 10 s, as an engine whose media time starts later would map it.
    mirror = new MetadataTextTracks(video, (ms) =>
      offsetMs === undefined ? undefined : (ms - offsetMs) / 1000,
    );
  });

  it('is available where the element has addTextTrack and VTTCue exists', () => {
    expect(textTracksSupported(video)).toBe(true);
    expect(textTracksSupported({} as HTMLVideoElement)).toBe(false);
  });

  it('makes one TextTrack per metadata track, metadata or subtitles, with label and language', () => {
    mirror.setTracks([chat, captions]);
    expect(listed(video).map((t) => [t.kind, t.label, t.language])).toEqual([
      ['metadata', 'chat', ''],
      ['subtitles', 'Français', 'fr'],
    ]);
  });

  it('adds cues in media time: JSON text for json tracks, cue text for subtitles', () => {
    mirror.setTracks([chat, captions]);
    const events: MetadataEvent[] = [
      { track: 'chat', time: 12_000, data: { from: 'ann', text: 'hi' }, id: 4 },
      { track: 'chat', time: 13_000, duration: 2000, data: [1, 2] },
      { track: 'captions', time: 12_500, duration: 1500, data: 'Bonjour' },
      { track: 'captions', time: 20_000, data: 'Salut' },
      { track: 'unknown', time: 12_000, data: 1 },
    ];
    mirror.add(events);
    const [chatTrack, captionTrack] = listed(video) as [TextTrack, TextTrack];
    expect(cuesOf(chatTrack)).toEqual([
      { start: 2, end: 2 + METADATA_CUE_MIN_S, text: '{"from":"ann","text":"hi"}', id: '4' },
      { start: 3, end: 5, text: '[1,2]', id: '' },
    ]);
    expect(cuesOf(captionTrack)).toEqual([
      { start: 2.5, end: 4, text: 'Bonjour', id: '' },
      { start: 10, end: 10 + SUBTITLE_CUE_DEFAULT_S, text: 'Salut', id: '' },
    ]);
    // The same event twice is one cue.
    mirror.add(events);
    expect(cuesOf(chatTrack)).toHaveLength(2);
  });

  it('holds events the engine cannot map yet and adds them on flush', () => {
    mirror.setTracks([chat]);
    offsetMs = undefined;
    mirror.add([{ track: 'chat', time: 11_000, data: 1 }]);
    expect(mirror.pendingCount).toBe(1);
    mirror.flush();
    expect(mirror.pendingCount).toBe(1);
    offsetMs = 10_000;
    mirror.flush();
    expect(mirror.pendingCount).toBe(0);
    expect(cuesOf(listed(video)[0] as TextTrack).map((c) => c.start)).toEqual([1]);
  });

  it('removes forgotten events and rebuilds every cue for a new engine', () => {
    mirror.setTracks([chat]);
    const a: MetadataEvent = { track: 'chat', time: 11_000, data: 'a' };
    const b: MetadataEvent = { track: 'chat', time: 12_000, data: 'b' };
    mirror.add([a, b]);
    mirror.remove([a]);
    const track = listed(video)[0] as TextTrack;
    expect(cuesOf(track).map((c) => c.text)).toEqual(['"b"']);
    offsetMs = 0;
    mirror.remap([b]);
    expect(cuesOf(track).map((c) => c.start)).toEqual([12]);
  });

  it('empties and disables a track that goes away, and brings the same one back (also to a new player)', () => {
    mirror.setTracks([chat, captions]);
    mirror.add([{ track: 'captions', time: 11_000, data: 'x' }]);
    const captionTrack = listed(video)[1] as TextTrack;
    mirror.setTracks([chat]);
    expect(captionTrack.mode).toBe('disabled');
    expect(cuesOf(captionTrack)).toEqual([]);
    mirror.setTracks([chat, captions]);
    expect(listed(video)).toHaveLength(2);

    mirror.dispose();
    const next = new MetadataTextTracks(video, (ms) => ms / 1000);
    next.setTracks([chat, captions, { name: 'score', kind: 'json' }]);
    expect(listed(video).map((t) => t.label)).toEqual(['chat', 'Français', 'score']);
  });

  it('writes non-string subtitle data as JSON', () => {
    expect(cueText('subtitle', 'a line')).toBe('a line');
    expect(cueText('subtitle', { t: 1 })).toBe('{"t":1}');
    expect(cueText('json', 'a line')).toBe('"a line"');
    expect(cueText('json', undefined)).toBe('null');
  });
});
