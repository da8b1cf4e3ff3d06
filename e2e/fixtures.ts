import { expect, test as base, type APIRequestContext, type BrowserContext } from '@playwright/test';
import type { StreamInfo } from '@brume/protocol';
import { PlayerPage } from './pages/player-page';
import { StudioPage } from './pages/studio-page';

interface Fixtures {
  /** A stream name no other test uses. */
  stream: string;
  /** Opens a studio in its own browser context (its own "tab", as a broadcaster would). */
  openStudio: () => Promise<StudioPage>;
  /** Opens a viewer in its own browser context. */
  openPlayer: () => Promise<PlayerPage>;
}

let counter = 0;

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  stream: async ({}, use, testInfo) => {
    counter += 1;
    await use(`e2e-${testInfo.workerIndex}-${counter}-${Date.now().toString(36)}`);
  },
  openStudio: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      contexts.push(context);
      return new StudioPage(await context.newPage());
    });
    for (const context of contexts) await context.close().catch(() => undefined);
  },
  openPlayer: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      return new PlayerPage(await context.newPage());
    });
    for (const context of contexts) await context.close().catch(() => undefined);
  },
});

export { expect };

/** Median of numbers (not mutating the input). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `GET /api/streams/NAME`. */
export async function fetchStreamInfo(request: APIRequestContext, stream: string): Promise<StreamInfo> {
  return (await (await request.get(`/api/streams/${encodeURIComponent(stream)}`)).json()) as StreamInfo;
}

/** Ids of the stream's audio and video tracks, sorted: what a source carrying all media lists. */
export function mediaTrackIds(info: StreamInfo): number[] {
  return info.tracks
    .filter((track) => track.kind === 'video' || track.kind === 'audio')
    .map((track) => track.id)
    .sort((a, b) => a - b);
}

/** What `expectFramesAdvance` needs of a page object. */
export interface PlayingPage {
  countPresentedFrames(ms: number): Promise<number>;
  state(): Promise<unknown>;
}

/**
 * Waits until the page's <video> presents more than 10 frames in 1.5 s. A segment-based client may
 * rebuffer once while it settles at the live edge, so this allows `timeout`, not the first 1.5 s;
 * a failure shows the client's state.
 */
export async function expectFramesAdvance(page: PlayingPage, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let frames = await page.countPresentedFrames(1_500);
  while (frames <= 10 && Date.now() < deadline) frames = await page.countPresentedFrames(1_500);
  expect(frames, `frames in 1.5 s; client state: ${JSON.stringify(await page.state())}`).toBeGreaterThan(10);
}

/**
 * The last segment number of an ended LL-DASH stream, from its static MPD (segments are 1 s of
 * stream time, numbered from 0).
 */
export function lastDashSegment(staticMpd: string): number {
  const match = /mediaPresentationDuration="PT([\d.]+)S"/.exec(staticMpd);
  if (!match) throw new Error('not a static MPD with a duration');
  return Math.ceil(Number(match[1])) - 1;
}

/**
 * Errors a DASH client reports after a stream ended for segments past its end: between the
 * publish ending and its next MPD refresh, a client asks for the segment that would come next and
 * gets 404 (known limit: no in-band MPD-update event yet). Everything else is a real failure.
 */
export function errorsBeyondEnd<T>(errors: readonly T[], lastSegment: number): { beyond: T[]; other: T[] } {
  const beyond: T[] = [];
  const other: T[] = [];
  for (const error of errors) {
    const number = /-(\d+)\.m4s/.exec(JSON.stringify(error))?.[1];
    (number !== undefined && Number(number) > lastSegment ? beyond : other).push(error);
  }
  return { beyond, other };
}
