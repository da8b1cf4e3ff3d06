import type { APIRequestContext, Page } from '@playwright/test';
import { expect, fetchStreamInfo, test } from './fixtures';
import type { PlayerPage } from './pages/player-page';
import { servePlainPage } from './pages/plain-page-server';

/**
 * The script-tag metadata API and the standard TextTrack mirror, on a plain HTML page of another
 * origin (no React app, no test bridge): `/player.js` from a `<script>` tag, then
 * `Brume.play(stream, { target, onMetadata: { chat, captions, '*' } })`, on the default engine and
 * with mse-ws forced. The studio's test pattern goes live with no metadata track; the page must not
 * fetch the metadata code until the stream declares one (`json` track `chat`, subtitle track
 * `captions` labelled English), and must fetch it then. Events POSTed to both tracks reach each
 * callback once, in time order, on their own track only, and `'*'` gets them all. The element's
 * `textTracks` list a `metadata` and a `subtitles` track (`hidden`) whose cues (the event's JSON /
 * the caption text) are active once `currentTime` reaches their start, at the media time the
 * callback fired; a page that sets the subtitles track `showing` gets its cues drawn by the browser,
 * and nothing drawn once it sets it back to `hidden`, as the player documents.
 */

/**
 * The page styles native cues (`::cue`) in a colour the test pattern does not have, so drawn cues
 * can be counted in a screenshot.
 */
const CUE_RGB = 'rgb(255, 0, 200)';

/** Pixels of the player's `<video>` box, as composited on screen, in the cue colour. */
async function cuePixels(page: Page): Promise<number> {
  const png = await page.locator('#v video').screenshot();
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! > 240 && data[i + 1]! < 15 && Math.abs(data[i + 2]! - 200) < 15) count++;
    }
    return count;
  }, png.toString('base64'));
}

/** Sets the mode of the element's `subtitles` TextTrack, as a page using the standard API would. */
async function setSubtitlesMode(page: Page, mode: TextTrackMode): Promise<void> {
  await page.evaluate((mode) => {
    const video = document.querySelector<HTMLVideoElement>('#v video')!;
    Array.from(video.textTracks).find((t) => t.kind === 'subtitles')!.mode = mode;
  }, mode);
}

/** The texts of the active cues of the `subtitles` TextTrack. */
async function activeSubtitles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('#v video')!;
    const track = Array.from(video.textTracks).find((t) => t.kind === 'subtitles')!;
    return Array.from(track.activeCues ?? []).map((cue) => (cue as VTTCue).text);
  });
}

/** The `subtitles` track's cues and the playhead, for a failure message. */
async function subtitleCues(page: Page): Promise<string> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('#v video')!;
    const track = Array.from(video.textTracks).find((t) => t.kind === 'subtitles')!;
    const cues = Array.from(track.cues ?? []).map((c) => `${(c as VTTCue).text} ${c.startTime}-${c.endTime}`);
    return `currentTime ${video.currentTime}, mode ${track.mode}, cues ${cues.join('; ')}`;
  });
}

/** What the page records of each callback call. */
interface Called {
  track: string;
  id: number | undefined;
  time: number;
  data: unknown;
  late: boolean;
  /** `video.currentTime` when the callback ran. */
  currentTime: number;
}
/** What a `cuechange` listener saw: each active cue, and `currentTime` then. */
interface CueSeen {
  track: string;
  text: string;
  startTime: number;
  endTime: number;
  currentTime: number;
}
interface TrackSeen {
  kind: string;
  label: string;
  language: string;
  mode: string;
}
interface Recorded {
  chat: Called[];
  captions: Called[];
  all: Called[];
  cues: CueSeen[];
}

type EmbedWindow = Window & {
  __recorded: Recorded;
  __mounted?: { player?: { getState(): { status: string; engine?: string } } };
};

/** The plain page: a div, the loader script, one `Brume.play` call with `onMetadata`. */
function embedPage(baseURL: string, stream: string, options: Record<string, string>): string {
  return `<!doctype html><meta charset="utf-8"><title>a page that embeds Brume</title>
<style>video::cue { color: ${CUE_RGB}; background: ${CUE_RGB} }</style>
<div id="v" style="width:640px"></div>
<script src="${baseURL}/player.js"></script>
<script>
  const recorded = { chat: [], captions: [], all: [], cues: [] };
  window.__recorded = recorded;
  const record = (list) => (event) => {
    const video = document.querySelector('#v video');
    list.push({ track: event.track, id: event.id, time: event.time, data: event.data, late: event.late,
      currentTime: video ? video.currentTime : NaN });
  };
  Brume.play(${JSON.stringify(stream)}, Object.assign({
    target: '#v',
    onMetadata: { chat: record(recorded.chat), captions: record(recorded.captions), '*': record(recorded.all) },
  }, ${JSON.stringify(options)})).then((mounted) => (window.__mounted = mounted));
</script>`;
}

/** The element's text tracks, as a page would list them. */
async function textTracks(page: Page): Promise<TrackSeen[]> {
  return page.evaluate(() =>
    Array.from(document.querySelector<HTMLVideoElement>('#v video')?.textTracks ?? []).map((t) => ({
      kind: t.kind,
      label: t.label,
      language: t.language,
      mode: t.mode,
    })),
  );
}

/** Adds a `cuechange` listener to the text track labelled `label`, recording its active cues. */
async function listenToCues(page: Page, label: string): Promise<void> {
  await page.evaluate((label) => {
    const video = document.querySelector<HTMLVideoElement>('#v video')!;
    const track = Array.from(video.textTracks).find((t) => t.label === label)!;
    track.addEventListener('cuechange', () => {
      for (const cue of Array.from(track.activeCues ?? [])) {
        (window as unknown as EmbedWindow).__recorded.cues.push({
          track: label,
          text: (cue as VTTCue).text,
          startTime: cue.startTime,
          endTime: cue.endTime,
          currentTime: video.currentTime,
        });
      }
    });
  }, label);
}

const recorded = (page: Page): Promise<Recorded> =>
  page.evaluate(() => (window as unknown as EmbedWindow).__recorded);

async function post(
  request: APIRequestContext,
  stream: string,
  track: string,
  body: object,
): Promise<number> {
  const response = await request.post(`/api/streams/${stream}/tracks/${track}`, { data: body });
  expect(response.status(), await response.text()).toBe(202);
  return ((await response.json()) as { ids: number[] }).ids[0]!;
}

const RUNS = [
  { name: 'the default engine', options: {} },
  { name: 'mse-ws forced', options: { forceEngine: 'mse-ws', forceProtocol: 'ws-mp4' } },
] as const;

for (const { name, options } of RUNS) {
  test(`script tag: onMetadata callbacks and standard TextTracks, on ${name}`, async ({
    stream,
    openStudio,
    openPlayer,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    const studio = await (await openStudio()).open(stream, 'pattern');
    await studio.goLive();
    const server = await servePlainPage(embedPage(baseURL!, stream, options));
    try {
      const forced = 'forceEngine' in options ? options.forceEngine : undefined;
      await checkEmbed(await openPlayer(), stream, server.url, forced);
    } finally {
      await server.close();
    }
    await studio.stop();
  });
}

/** Plays the page at `url` and runs every check on it. */
async function checkEmbed(viewer: PlayerPage, stream: string, url: string, forced?: string): Promise<void> {
  const { page } = viewer;
  const { request } = page;
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  // The core's metadata controller (scheduler, TextTracks) and the skin's subtitle-list code.
  const metadataCode = (): string[] =>
    scripts.flatMap((s) => /\/(metadata-(?:controller|subtitles))-[\w-]+\.js$/.exec(s)?.[1] ?? []).sort();

  await page.goto(url);
  await viewer.expectStatus('playing', 30_000);
  const engine = await page.evaluate(
    () => (window as unknown as EmbedWindow).__mounted?.player?.getState().engine,
  );
  if (forced) expect(engine).toBe(forced);
  // Pictures move (a precondition only: on a loaded 2-core machine, Chromium presents few of them).
  await expect.poll(() => viewer.countPresentedFrames(1000), { timeout: 15_000 }).toBeGreaterThan(1);
  // Playing a stream without metadata tracks: the metadata code stays on the server.
  expect(metadataCode()).toEqual([]);
  expect(await textTracks(page)).toEqual([]);

  const declare = async (track: string, body: object): Promise<void> => {
    const response = await request.put(`/api/streams/${stream}/tracks/${track}`, { data: body });
    expect(response.ok(), await response.text()).toBe(true);
  };
  await declare('chat', { kind: 'json' });
  await declare('captions', { kind: 'subtitle', lang: 'en', label: 'English' });
  // The stream info lists them: the page fetches the metadata code and mirrors both tracks.
  await expect.poll(metadataCode, { timeout: 15_000 }).toEqual(['metadata-controller', 'metadata-subtitles']);
  await expect
    .poll(() => textTracks(page), { timeout: 15_000 })
    .toEqual([
      { kind: 'metadata', label: 'chat', language: '', mode: 'hidden' },
      { kind: 'subtitles', label: 'English', language: 'en', mode: 'hidden' },
    ]);
  await listenToCues(page, 'chat');
  await listenToCues(page, 'English');

  // Nothing in the cue colour before any cue (the test pattern has none of it); then the page, using
  // the standard API, asks for the subtitles drawn natively.
  expect(await cuePixels(page)).toBe(0);
  await setSubtitlesMode(page, 'showing');

  const chat: number[] = [];
  const captions: number[] = [];
  // Half a second past the relay's live edge, so each event reaches the page before its frame (one
  // stamped at the edge may already be on screen over WHEP, and fires late: metadata-whep.spec.ts).
  const ahead = async (): Promise<number> => (await fetchStreamInfo(request, stream)).timeline.lastMs + 500;
  for (let i = 0; i < 3; i++) {
    chat.push(
      await post(request, stream, 'chat', { time: await ahead(), data: { text: `hello ${i}`, n: i } }),
    );
    if (i < 2)
      captions.push(
        await post(request, stream, 'captions', { time: await ahead(), data: `Line ${i}`, duration: 1500 }),
      );
    await page.waitForTimeout(400);
  }
  const ids = (calls: Called[]): number[] => calls.map((c) => c.id ?? -1);
  try {
    await expect
      .poll(async () => ids((await recorded(page)).all).length, { timeout: 20_000 })
      .toBe(chat.length + captions.length);
  } catch (error) {
    // What came, and the player's state: which event is missing, and whether playback stalled.
    const state = await page.evaluate(() => (window as unknown as EmbedWindow).__mounted?.player?.getState());
    throw new Error(
      `posted chat ${chat.join()} captions ${captions.join()}; recorded ${JSON.stringify(await recorded(page))}; ` +
        `player ${JSON.stringify(state)}`,
      { cause: error },
    );
  }
  // Settle, then check nothing came twice.
  await page.waitForTimeout(1500);
  const seen = await recorded(page);

  // Each callback: its own track's events, once each, in the order they were sent (= time order).
  expect(ids(seen.chat)).toEqual(chat);
  expect(ids(seen.captions)).toEqual(captions);
  expect(seen.chat.every((c) => c.track === 'chat')).toBe(true);
  expect(seen.captions.every((c) => c.track === 'captions')).toBe(true);
  expect(seen.chat.map((c) => c.data)).toEqual([0, 1, 2].map((n) => ({ text: `hello ${n}`, n })));
  expect(seen.captions.map((c) => c.data)).toEqual(['Line 0', 'Line 1']);
  expect(ids(seen.all).sort((a, b) => a - b)).toEqual([...chat, ...captions].sort((a, b) => a - b));
  const times = seen.all.map((c) => c.time);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(seen.all.filter((c) => c.late)).toEqual([]);

  // The metadata TextTrack: each event's JSON became an active cue, once it was due on the element.
  const cueOf = (track: string, text: string): CueSeen | undefined =>
    seen.cues.find((c) => c.track === track && c.text === text);
  const offsets: string[] = [];
  const check = (called: Called, track: string, text: string): void => {
    const cue = cueOf(track, text);
    expect(cue, `cue "${text}" on ${track}`).toBeDefined();
    expect(cue!.startTime, `cue "${text}" active no earlier than its start`).toBeLessThanOrEqual(
      cue!.currentTime,
    );
    expect(cue!.currentTime).toBeLessThan(cue!.endTime);
    // The cue sits where the callback fired: the frame at the event's stream time.
    const offset = called.currentTime - cue!.startTime;
    offsets.push(offset.toFixed(3));
    expect(Math.abs(offset), `cue "${text}" at the callback's media time`).toBeLessThan(1);
  };
  for (const called of seen.chat) check(called, 'chat', JSON.stringify(called.data));
  // The subtitles track, switched to showing by the page, stays showing and fires its cues.
  for (const called of seen.captions) check(called, 'English', String(called.data));
  expect((await textTracks(page)).find((t) => t.kind === 'subtitles')?.mode).toBe('showing');

  // Showing: the browser draws the cue on the video (in the page's ::cue colour); hidden while the
  // cue is still active: nothing drawn, as the player documents (`hidden`: cue events, no drawing).
  await post(request, stream, 'captions', {
    time: await ahead(),
    data: 'Drawn by the browser',
    // Long enough to still be active after the screenshots below, however slow they are.
    duration: 30_000,
  });
  await expect.poll(() => activeSubtitles(page), { timeout: 10_000 }).toContain('Drawn by the browser');
  let drawn = 0;
  await expect.poll(async () => (drawn = await cuePixels(page)), { timeout: 5_000 }).toBeGreaterThan(200);
  await setSubtitlesMode(page, 'hidden');
  await page.waitForTimeout(300);
  const hidden = await cuePixels(page);
  expect(await activeSubtitles(page), await subtitleCues(page)).toContain('Drawn by the browser');
  expect(hidden).toBe(0);
  console.log(`[metadata-embed] cue pixels on the video: showing ${drawn}, hidden ${hidden}`);
  console.log(
    `[metadata-embed] ${engine}: ${seen.all.length} callbacks, ${seen.cues.length} cue activations; ` +
      `callback currentTime − cue startTime (s): ${offsets.join(', ')}`,
  );
}
