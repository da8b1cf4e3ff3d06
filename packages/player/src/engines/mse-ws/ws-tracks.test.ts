import type { WsMediaTrack } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { AUDIO_ONLY_LEVEL, VIDEO_LEVEL, codecName, tracksFor, wsTracks } from './ws-tracks';

const video: WsMediaTrack = {
  id: 1,
  kind: 'video',
  codec: 'avc1.42e01f',
  timescale: 90000,
  width: 1280,
  height: 720,
};
const audio: WsMediaTrack = { id: 2, kind: 'audio', codec: 'opus', timescale: 48000, channels: 2 };

describe('wsTracks', () => {
  it('lists the video level and audio only, with the video active', () => {
    expect(wsTracks({ video, audio, videoBitrate: 2_500_000 }, 'auto', [video, audio])).toEqual({
      qualities: [
        {
          id: VIDEO_LEVEL,
          width: 1280,
          height: 720,
          codec: 'avc1.42e01f',
          bitrate: 2_500_000,
          label: '720p · 2.5 Mbps',
        },
        { id: AUDIO_ONLY_LEVEL, codec: 'opus', label: 'Audio only' },
      ],
      quality: 'auto',
      activeQuality: VIDEO_LEVEL,
      audio: [{ id: 'audio', label: 'Opus stereo' }],
      audioId: 'audio',
      text: [],
    });
  });

  it('keeps the video level listed while audio only plays', () => {
    const tracks = wsTracks({ video, audio }, AUDIO_ONLY_LEVEL, [audio]);
    expect(tracks.qualities.map((q) => q.id)).toEqual([VIDEO_LEVEL, AUDIO_ONLY_LEVEL]);
    expect(tracks.qualities[0]?.label).toBe('720p');
    expect(tracks.quality).toBe(AUDIO_ONLY_LEVEL);
    expect(tracks.activeQuality).toBe(AUDIO_ONLY_LEVEL);
  });

  it('offers no audio-only level for a stream without audio', () => {
    const tracks = wsTracks({ video }, 'auto', [video]);
    expect(tracks.qualities.map((q) => q.id)).toEqual([VIDEO_LEVEL]);
    expect(tracks.audio).toEqual([]);
    expect(tracks.audioId).toBeUndefined();
  });

  it('knows nothing before the first init', () => {
    const tracks = wsTracks({}, 'auto', []);
    expect(tracks.qualities).toEqual([]);
    expect(tracks.activeQuality).toBeUndefined();
  });
});

describe('tracksFor', () => {
  it('maps quality ids to the tracks message', () => {
    expect(tracksFor('auto')).toEqual({ video: true, audio: true });
    expect(tracksFor(VIDEO_LEVEL)).toEqual({ video: true, audio: true });
    expect(tracksFor(AUDIO_ONLY_LEVEL)).toEqual({ video: false, audio: true });
    expect(tracksFor('1080p')).toBeUndefined();
  });
});

describe('codecName', () => {
  it('names codecs as WebRTC stats do', () => {
    expect(codecName(video)).toBe('video/H264');
    expect(codecName(audio)).toBe('audio/opus');
    expect(codecName({ ...audio, codec: 'mp4a.40.2' })).toBe('audio/AAC');
    expect(codecName({ ...video, codec: 'xyz' })).toBe('video/xyz');
  });
});
