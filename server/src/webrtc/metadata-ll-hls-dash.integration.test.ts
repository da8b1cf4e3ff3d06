import { metadataEventFromEmsg, type MetadataEvent } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoxes } from '../cmaf/testing/box-reader';
import { WEBVTT_TIMESTAMP_MAP, webvttTime } from '../hls';
import { RelayHarness } from '../testing/relay-harness';

/** Polls an async check every 100 ms until it holds. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.text();
}

async function bytesOf(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** `#EXT-X-PART` URIs with their stream-time ranges, and the complete segments' URIs. */
function playlistParts(playlist: string): { parts: string[]; segments: string[]; mediaSequence: number } {
  const lines = playlist.trim().split('\n');
  return {
    parts: lines.filter((l) => l.startsWith('#EXT-X-PART:')).map((l) => /URI="([^"]+)"/.exec(l)![1]!),
    segments: lines.filter((l) => l && !l.startsWith('#')),
    mediaSequence: Number(lines.find((l) => l.startsWith('#EXT-X-MEDIA-SEQUENCE:'))!.split(':')[1]),
  };
}

/** The metadata events in the `emsg` boxes in front of a fragment (or the fragments of a segment). */
function eventsIn(bytes: Uint8Array): MetadataEvent[] {
  return readBoxes(bytes)
    .filter((box) => box.type === 'emsg')
    .map((box) => metadataEventFromEmsg(box.bytes)!);
}

describe('metadata in LL-HLS and LL-DASH over a werift publisher', () => {
  let relay: RelayHarness;
  let base: string;

  beforeEach(async () => {
    relay = await RelayHarness.start();
    ({ base } = relay);
  });

  afterEach(async () => {
    await relay.close();
  });

  it('carries events as emsg in the video parts, and a subtitle track as WebVTT and wvtt renditions', async () => {
    const { server } = relay;
    await relay.publish('meta');
    await waitFor(async () => (server.relay.media('meta')?.window?.lastMs ?? 0) > 500, 5000, 'media');
    // The packaging starts before the track exists: the track appears mid-stream.
    const before = await text(`${base}/hls/meta/index.m3u8`);
    expect(before).not.toContain('TYPE=SUBTITLES');

    const declared = await fetch(`${base}/api/streams/meta/tracks/captions`, {
      method: 'PUT',
      body: JSON.stringify({ kind: 'subtitle', lang: 'en', label: 'English' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(declared.status).toBeLessThan(300);
    const post = async (track: string, body: unknown) => {
      const response = await fetch(`${base}/api/streams/meta/tracks/${track}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { ids: number[] }).ids[0]!;
    };
    const scoreId = await post('score', { data: { home: 1, away: 0 } });
    const cueId = await post('captions', { data: 'Hello from the relay', duration: 1500 });
    const stored = async (track: string) =>
      (
        (await (await fetch(`${base}/api/streams/meta/tracks/${track}`)).json()) as {
          events: MetadataEvent[];
        }
      ).events[0]!;
    const score = await stored('score');
    const cue = await stored('captions');
    expect([score.id, cue.id]).toEqual([scoreId, cueId]);

    // Wait until the video has parts past both events (and the cue's end), then read every part.
    const lastEnd = cue.time + 1500;
    await waitFor(
      async () => (server.relay.media('meta')?.window?.lastMs ?? 0) > lastEnd + 1200,
      10_000,
      'media past the cue',
    );
    const video = playlistParts(await text(`${base}/hls/meta/video.m3u8`));
    const carried: { uri: string; event: MetadataEvent }[] = [];
    for (const uri of video.parts) {
      for (const event of eventsIn(await bytesOf(`${base}/hls/meta/${uri}`))) carried.push({ uri, event });
    }
    // Each event once, in the part that holds its time, the subtitle cue too (the Brume player
    // takes every track from the emsg); none in audio.
    expect(carried.map((c) => c.event.id).sort()).toEqual([scoreId, cueId].sort());
    expect(carried.find((c) => c.event.id === scoreId)!.event).toEqual({ ...score });
    expect(carried.find((c) => c.event.id === cueId)!.event).toEqual({ ...cue });
    const audio = playlistParts(await text(`${base}/hls/meta/audio.m3u8`));
    for (const uri of audio.parts.slice(-8)) {
      expect(eventsIn(await bytesOf(`${base}/hls/meta/${uri}`))).toEqual([]);
    }
    // The whole segment holds the same boxes: its parts, concatenated.
    const [, msnText] = /video-(\d+)\.\d+\.m4s$/.exec(carried[0]!.uri)!;
    const segmentUri = video.segments.find((s) => s.endsWith(`video-${msnText}.m4s`));
    if (segmentUri) {
      const inSegment = eventsIn(await bytesOf(`${base}/hls/meta/${segmentUri}`));
      expect(inSegment.length).toBeGreaterThan(0);
    }
    const init = readBoxes(await bytesOf(`${base}/hls/meta/${video.parts[0]!.split('/')[0]}/video-init.mp4`));
    expect(Buffer.from(init[0]!.bytes).includes('aid3')).toBe(true);

    // LL-HLS subtitles: listed in the multivariant playlist now, on the video's grid.
    const multivariant = await text(`${base}/hls/meta/index.m3u8`);
    expect(multivariant).toContain(
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="subtitles-captions.m3u8"',
    );
    expect(multivariant).toMatch(/#EXT-X-STREAM-INF:.*SUBTITLES="subs"/);
    const subtitlePlaylist = await text(`${base}/hls/meta/subtitles-captions.m3u8`);
    expect(subtitlePlaylist).not.toContain('EXT-X-MAP');
    const subtitles = playlistParts(subtitlePlaylist);
    const videoNow = playlistParts(await text(`${base}/hls/meta/video.m3u8`));
    expect(subtitles.mediaSequence).toBe(videoNow.mediaSequence);
    expect(subtitles.segments.map((s) => /-(\d+)\.vtt$/.exec(s)![1])).toEqual(
      videoNow.segments.map((s) => /-(\d+)\.m4s$/.exec(s)![1]),
    );
    // Blocking reload works as for video: the next part's playlist.
    const [, hintMsn, hintPart] = /-(\d+)\.(\d+)\.vtt"/.exec(
      subtitlePlaylist.split('\n').find((l) => l.startsWith('#EXT-X-PRELOAD-HINT'))!,
    )!;
    const blocked = await text(
      `${base}/hls/meta/subtitles-captions.m3u8?_HLS_msn=${hintMsn}&_HLS_part=${hintPart}`,
    );
    expect(blocked).toContain(`-${hintMsn}.${hintPart}.vtt`);

    // The cue's part: the WebVTT with the stream-time map and the cue at its stream time.
    const cuePartUri = carried
      .find((c) => c.event.id === cueId)!
      .uri.replace(/video-(\d+\.\d+)\.m4s$/, 'subtitles-captions-$1.vtt');
    const vttResponse = await fetch(`${base}/hls/meta/${cuePartUri}`);
    expect(vttResponse.headers.get('content-type')).toContain('text/vtt');
    const vtt = await vttResponse.text();
    expect(vtt.split('\n').slice(0, 2)).toEqual(['WEBVTT', WEBVTT_TIMESTAMP_MAP]);
    expect(vtt).toContain(
      `${cueId}\n${webvttTime(cue.time)} --> ${webvttTime(cue.time + 1500)}\nHello from the relay\n`,
    );

    // LL-DASH: the InbandEventStream on video, a wvtt text AdaptationSet, its segment read back.
    const mpd = await text(`${base}/dash/meta/index.mpd`);
    expect(mpd).toContain('<InbandEventStream schemeIdUri="https://aomedia.org/emsg/ID3" value=""/>');
    expect(mpd).toMatch(/<AdaptationSet id="2" contentType="text" mimeType="application\/mp4" lang="en"/);
    expect(mpd).toContain('<Representation id="subtitles-captions" codecs="wvtt"');
    const publish = /initialization="([^/]+)\/subtitles-captions-init\.mp4"/.exec(mpd)![1]!;
    const wvttInit = readBoxes(await bytesOf(`${base}/dash/meta/${publish}/subtitles-captions-init.mp4`));
    expect(wvttInit.map((box) => box.type)).toEqual(['ftyp', 'moov']);
    const cueMsn = /video-(\d+)\.\d+\.m4s$/.exec(carried.find((c) => c.event.id === cueId)!.uri)![1]!;
    const segment = readBoxes(await bytesOf(`${base}/dash/meta/${publish}/subtitles-captions-${cueMsn}.m4s`));
    expect(segment.length % 2).toBe(0);
    expect(segment.filter((_box, i) => i % 2 === 0).every((box) => box.type === 'moof')).toBe(true);
    const payloads = segment
      .filter((box) => box.type === 'mdat')
      .flatMap((mdat) => readBoxes(mdat.bytes.subarray(8)))
      .filter((box) => box.type === 'vttc')
      .map((vttc) =>
        Buffer.from(vttc.children.find((child) => child.type === 'payl')!.bytes.subarray(8)).toString(),
      );
    expect(payloads.length).toBeGreaterThan(0);
    expect(new Set(payloads)).toEqual(new Set(['Hello from the relay']));

    // A track nobody declared: 404, in both protocols.
    expect((await fetch(`${base}/hls/meta/subtitles-nope.m3u8`)).status).toBe(404);
    expect((await fetch(`${base}/dash/meta/${publish}/subtitles-nope-init.mp4`)).status).toBe(404);
  });
});
