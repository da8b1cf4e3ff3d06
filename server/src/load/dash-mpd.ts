/**
 * What an LL-DASH client needs from a dynamic MPD with `SegmentTemplate@duration` + `$Number$`
 * (what the relay writes, `server/src/dash/mpd.ts`): the clock origin and the video template.
 * Pure: text in. Not a general MPD parser (no SegmentTimeline, one Period).
 */

export interface DashTemplate {
  /** `availabilityStartTime`, Unix ms. */
  availabilityStartMs: number;
  dynamic: boolean;
  timescale: number;
  /** Segment duration in `timescale` units. */
  duration: number;
  startNumber: number;
  /** Seconds a segment may be requested before it is complete (chunked transfer). */
  availabilityTimeOffset: number;
  initialization: string;
  /** With `$Number$`. */
  media: string;
}

/** The video AdaptationSet's template (the first `contentType="video"` or `mimeType="video/…"`). */
export function parseDashTemplate(mpd: string): DashTemplate {
  const root = /<MPD\b[^>]*>/.exec(mpd)?.[0];
  if (!root) throw new SyntaxError('not an MPD: no <MPD> element');
  const sets = mpd.split(/<AdaptationSet\b/).slice(1);
  const video = sets.find((set) => /^[^>]*(contentType="video"|mimeType="video\/)/.test(set));
  const template = video && /<SegmentTemplate\b[^>]*>/.exec(video)?.[0];
  if (!template) throw new SyntaxError('no video SegmentTemplate in the MPD');
  const number = (name: string, fallback?: number): number => {
    const value = attr(template, name);
    if (value === undefined && fallback !== undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new SyntaxError(`SegmentTemplate@${name} missing or not a number`);
    return parsed;
  };
  const media = attr(template, 'media');
  const initialization = attr(template, 'initialization');
  if (!media?.includes('$Number$') || !initialization)
    throw new SyntaxError('SegmentTemplate needs media with $Number$ and initialization');
  const ast = Date.parse(attr(root, 'availabilityStartTime') ?? '');
  const dynamic = attr(root, 'type') === 'dynamic';
  if (dynamic && !Number.isFinite(ast)) throw new SyntaxError('a dynamic MPD without availabilityStartTime');
  return {
    availabilityStartMs: ast,
    dynamic,
    timescale: number('timescale', 1),
    duration: number('duration'),
    startNumber: number('startNumber', 1),
    availabilityTimeOffset: number('availabilityTimeOffset', 0),
    initialization: unescapeXml(initialization),
    media: unescapeXml(media),
  };
}

/** Segment number being written at `nowMs` (the live edge). */
export function liveSegmentNumber(template: DashTemplate, nowMs: number): number {
  const durationMs = (template.duration / template.timescale) * 1000;
  return template.startNumber + Math.max(0, Math.floor((nowMs - template.availabilityStartMs) / durationMs));
}

/** When segment `number` may be requested (ISO/IEC 23009-1 5.3.9.5.3), Unix ms. */
export function segmentAvailableAtMs(template: DashTemplate, number: number): number {
  const durationMs = (template.duration / template.timescale) * 1000;
  return (
    template.availabilityStartMs +
    (number - template.startNumber + 1) * durationMs -
    template.availabilityTimeOffset * 1000
  );
}

function attr(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
