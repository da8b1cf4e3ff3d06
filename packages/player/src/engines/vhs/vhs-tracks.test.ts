import { describe, expect, it } from 'vitest';
import { readTracks, selectAudioTrack, selectQuality, selectTextTrack } from './vhs-tracks';
import type {
  VjsAudioTrack,
  VjsList,
  VjsQualityLevel,
  VjsQualityLevelList,
  VjsTextTrack,
} from './videojs-api';

function list<T>(items: T[], extra: object = {}): VjsList<T> {
  return Object.assign([...items], { on() {}, off() {} }, extra) as unknown as VjsList<T>;
}

/** A quality level whose `enabled` setter logs what VHS would see. */
function level(id: string, height: number, bitrate: number, log: string[]): VjsQualityLevel {
  let enabled = true;
  return {
    id,
    height,
    width: (height * 16) / 9,
    bitrate,
    get enabled() {
      return enabled;
    },
    set enabled(value: boolean) {
      log.push(`${id}=${value}`);
      enabled = value;
    },
  };
}

function levels(log: string[], selectedIndex = 1): VjsQualityLevelList {
  return list([level('lo', 360, 600_000, log), level('hi', 720, 1_800_000, log)], {
    selectedIndex,
  }) as VjsQualityLevelList;
}

const audio = (): VjsList<VjsAudioTrack> =>
  list([
    { id: 'en', kind: 'main', label: 'English', language: 'en', enabled: true },
    { id: 'fr', kind: 'alternative', label: '', language: 'fr', enabled: false },
  ]);

const text = (): VjsList<VjsTextTrack> =>
  list<VjsTextTrack>([
    { id: 'sub', kind: 'subtitles', label: 'Deutsch', language: 'de', mode: 'disabled' },
    { id: 'meta', kind: 'metadata', label: 'id3', language: '', mode: 'hidden' },
  ]);

describe('readTracks', () => {
  it('lists renditions with labels, the choice and the rendition playing', () => {
    const tracks = readTracks(levels([]), audio(), text(), 'lo');
    expect(tracks.qualities).toEqual([
      { id: 'lo', width: 640, height: 360, bitrate: 600_000, label: '360p · 600 kbps' },
      { id: 'hi', width: 1280, height: 720, bitrate: 1_800_000, label: '720p · 1.8 Mbps' },
    ]);
    expect(tracks.quality).toBe('lo');
    expect(tracks.activeQuality).toBe('hi');
  });

  it('says auto for an unknown choice and nothing active before VHS chose', () => {
    const tracks = readTracks(levels([], -1), audio(), text(), 'gone');
    expect(tracks.quality).toBe('auto');
    expect(tracks.activeQuality).toBeUndefined();
  });

  it('lists audio tracks and subtitles (not metadata) with the selected ones', () => {
    const subtitles = text();
    subtitles[0]!.mode = 'showing';
    const tracks = readTracks(levels([]), audio(), subtitles, 'auto');
    expect(tracks.audio).toEqual([
      { id: 'en', label: 'English', language: 'en' },
      { id: 'fr', label: 'fr', language: 'fr' },
    ]);
    expect(tracks.audioId).toBe('en');
    expect(tracks.text).toEqual([{ id: 'sub', label: 'Deutsch', language: 'de' }]);
    expect(tracks.textId).toBe('sub');
    expect(readTracks(levels([]), audio(), text(), 'auto').textId).toBeUndefined();
  });
});

describe('selectQuality', () => {
  it('disables the others before enabling the chosen one, so VHS switches at once', () => {
    const log: string[] = [];
    expect(selectQuality(levels(log), 'lo')).toBe(true);
    expect(log).toEqual(['hi=false', 'lo=false', 'lo=true']);
  });

  it('does not re-enable the rendition already playing', () => {
    const log: string[] = [];
    selectQuality(levels(log, 0), 'lo');
    expect(log).toEqual(['hi=false', 'lo=true']);
  });

  it('enables every rendition for auto and ignores unknown ids', () => {
    const log: string[] = [];
    const all = levels(log);
    expect(selectQuality(all, 'nope')).toBe(false);
    expect(log).toEqual([]);
    expect(selectQuality(all, 'auto')).toBe(true);
    expect([all[0]!.enabled, all[1]!.enabled]).toEqual([true, true]);
  });
});

describe('selectAudioTrack and selectTextTrack', () => {
  it('enables the chosen audio track only when it exists', () => {
    const tracks = audio();
    selectAudioTrack(tracks, 'fr');
    expect(tracks[1]!.enabled).toBe(true);
    selectAudioTrack(tracks, 'xx');
  });

  it('shows one subtitle track and leaves metadata tracks alone', () => {
    const tracks = text();
    selectTextTrack(tracks, 'sub');
    expect(tracks[0]!.mode).toBe('showing');
    selectTextTrack(tracks, undefined);
    expect(tracks[0]!.mode).toBe('disabled');
    expect(tracks[1]!.mode).toBe('hidden');
  });
});
