// @vitest-environment happy-dom
import type { MetadataTrack, StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engines/types';
import { streamInfo } from '../testing/fakes';
import { MIN_RETAIN_MS, MetadataController } from './metadata-controller';

function info(patch: Partial<StreamInfo['timeline']> = {}, tracks = true): StreamInfo {
  const i = streamInfo('cam', 'live');
  if (tracks) i.tracks.push({ id: 3, kind: 'meta', codec: 'json', name: 'chat' });
  i.timeline = { ...i.timeline, dvrWindowMs: 0, ...patch };
  return i;
}

/** Only the mapping half of an engine matters here. */
function engine(offsetMs: number, inverse: boolean): Engine {
  const mapping = {
    mediaTimeToStreamMs: (t: number) => t * 1000 + offsetMs,
    ...(inverse ? { streamMsToMediaTime: (ms: number) => (ms - offsetMs) / 1000 } : {}),
  };
  return mapping as unknown as Engine;
}

function cueStarts(video: HTMLVideoElement, label: string): number[] {
  for (let i = 0; i < video.textTracks.length; i++) {
    const track = video.textTracks[i] as TextTrack;
    if (track.label !== label) continue;
    // happy-dom only shows cues of a `showing` track.
    track.mode = 'showing';
    return [...(track.cues ?? [])].map((cue) => cue.startTime);
  }
  throw new Error(`no text track ${label}`);
}

describe('MetadataController (TextTracks and mapping, happy-dom)', () => {
  let video: HTMLVideoElement;
  let controller: MetadataController;
  let announced: (readonly MetadataTrack[])[];

  beforeEach(() => {
    video = document.createElement('video');
    announced = [];
    controller = new MetadataController({
      video,
      frameDriven: true,
      now: () => 0,
      onTracks: (tracks) => announced.push(tracks),
      onCallbackError: (error) => {
        throw error;
      },
    });
  });
  afterEach(() => controller.dispose());

  it('puts cues in media time with the engine inverse mapping', () => {
    controller.setInfo(info());
    controller.attach(engine(60_000, true));
    controller.add([{ track: 'chat', time: 61_500, data: 1 }]);
    expect(cueStarts(video, 'chat')).toEqual([1.5]);
  });

  it('without an inverse, waits for a frame and inverts the mapping around it (WHEP)', () => {
    controller.setInfo(info());
    controller.attach(engine(60_000, false));
    controller.add([{ track: 'chat', time: 61_500, data: 1 }]);
    expect(cueStarts(video, 'chat')).toEqual([]);
    controller.frame(1, 61_000);
    expect(cueStarts(video, 'chat')).toEqual([1.5]);
  });

  it('rebuilds the cues when a new engine gives media time another meaning', () => {
    controller.setInfo(info());
    controller.attach(engine(60_000, true));
    controller.add([{ track: 'chat', time: 61_500, data: 1 }]);
    controller.attach(engine(0, true));
    expect(cueStarts(video, 'chat')).toEqual([61.5]);
  });

  it('maps the cues again on the first frame, when the engine knows its timeline', () => {
    controller.setInfo(info());
    let offsetMs = 0;
    const guessing = {
      mediaTimeToStreamMs: (t: number) => t * 1000 + offsetMs,
      streamMsToMediaTime: (ms: number) => (ms - offsetMs) / 1000,
    } as unknown as Engine;
    controller.attach(guessing);
    controller.add([{ track: 'chat', time: 61_500, data: 1 }]);
    expect(cueStarts(video, 'chat')).toEqual([61.5]);
    offsetMs = 60_000;
    controller.frame(1, 61_000);
    expect(cueStarts(video, 'chat')).toEqual([1.5]);
  });

  it('keeps events for the DVR window (at least MIN_RETAIN_MS) and removes their cues after', () => {
    controller.setInfo(info({ dvrWindowMs: 60_000 }));
    controller.attach(engine(0, true));
    controller.add([
      { track: 'chat', time: 1000, data: 1 },
      { track: 'chat', time: 50_000, data: 2 },
    ]);
    controller.frame(0, 0);
    controller.frame(62_000, 62_000);
    expect(cueStarts(video, 'chat')).toEqual([50]);
    controller.setInfo(info({ dvrWindowMs: 1000 }));
    controller.frame(50_000 + MIN_RETAIN_MS, 50_000 + MIN_RETAIN_MS + 1);
    expect(cueStarts(video, 'chat')).toEqual([]);
  });

  it('forgets every event when the stream is published again (a new timeline)', () => {
    controller.setInfo(info({ startUnixMs: 1000 }));
    controller.attach(engine(0, true));
    controller.add([{ track: 'chat', time: 5000, data: 1 }]);
    controller.setInfo(info({ startUnixMs: 1000 }));
    expect(cueStarts(video, 'chat')).toEqual([5]);
    controller.setInfo(info({ startUnixMs: 9000 }));
    expect(cueStarts(video, 'chat')).toEqual([]);
  });

  it('adds a track for an unlisted name on its first event, and removes listed tracks that go', () => {
    controller.setInfo(info());
    controller.attach(engine(0, true));
    controller.add([{ track: 'score', time: 2000, data: 1 }]);
    expect(announced.at(-1)?.map((t) => t.name)).toEqual(['chat', 'score']);
    expect(cueStarts(video, 'score')).toEqual([2]);
    controller.setInfo(info({}, false));
    expect(controller.tracks.map((t) => t.name)).toEqual(['score']);
    expect(cueStarts(video, 'chat')).toEqual([]);
  });
});
