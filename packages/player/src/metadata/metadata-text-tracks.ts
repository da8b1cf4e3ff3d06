import type { MetadataEvent, MetadataTrack } from '@brume/protocol';

/**
 * How long a metadata cue without a duration stays active (s). A zero-length cue is only a "missed
 * cue" to the browser: `enter`/`exit` fire, but `activeCues` never holds it, so `cuechange` handlers
 * that read it see nothing (hls.js gives its ID3 cues the same 0.25 s).
 */
export const METADATA_CUE_MIN_S = 0.25;
/** How long a subtitle without a duration is shown (s), as MistServer does. */
export const SUBTITLE_CUE_DEFAULT_S = 5;

/**
 * TextTracks created per element, reused by name: `addTextTrack()` tracks can never be removed from
 * `video.textTracks`, so a track that goes away is emptied and disabled, and comes back as the same
 * object (a new player on the same element included), as hls.js does with its own tracks.
 */
const tracksByElement = new WeakMap<HTMLVideoElement, Map<string, TextTrack>>();

function trackKey(track: MetadataTrack): string {
  return `${track.kind}\u0000${track.name}\u0000${track.lang ?? ''}`;
}

/** Whether this environment has what the mirror needs (`addTextTrack` and `VTTCue`). */
export function textTracksSupported(video: HTMLVideoElement): boolean {
  return typeof video.addTextTrack === 'function' && typeof globalThis.VTTCue === 'function';
}

/** The cue text: JSON for json tracks, the cue text itself for subtitles. */
export function cueText(kind: MetadataTrack['kind'], data: unknown): string {
  if (kind === 'subtitle' && typeof data === 'string') return data;
  return JSON.stringify(data) ?? 'null';
}

/**
 * Mirrors metadata events as standard TextTracks on the video element, for code that expects them:
 * one track per metadata track, kind `metadata` (cue text = JSON of the data) or `subtitles` (cue
 * text, language). Tracks are `hidden`, so the browser fires cue events without drawing anything;
 * the page (or the skin) may switch subtitles to `showing`. Cue times are media time, mapped from
 * stream time by the engine; an event that cannot be mapped yet (no playlist, no frame) waits for
 * `flush()`, and `remap()` rebuilds every cue when a new engine changes what media time means.
 */
export class MetadataTextTracks {
  private readonly tracks = new Map<string, { info: MetadataTrack; track: TextTrack }>();
  private readonly cues = new Map<MetadataEvent, { cue: VTTCue; track: TextTrack }>();
  private pending: MetadataEvent[] = [];

  constructor(
    private readonly video: HTMLVideoElement,
    /** Stream ms → media time (s), `undefined` while the engine cannot tell. */
    private readonly toMediaTime: (streamMs: number) => number | undefined,
  ) {}

  /** Events waiting for a media-time mapping. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Creates (or brings back) a TextTrack per metadata track; empties and disables the others. */
  setTracks(tracks: readonly MetadataTrack[]): void {
    const wanted = new Map(tracks.map((t) => [t.name, t]));
    for (const [name, { info, track }] of this.tracks) {
      const still = wanted.get(name);
      if (still && trackKey(still) === trackKey(info)) continue;
      this.removeCues((event) => event.track === name);
      track.mode = 'disabled';
      this.tracks.delete(name);
    }
    let byKey = tracksByElement.get(this.video);
    if (!byKey) tracksByElement.set(this.video, (byKey = new Map()));
    for (const info of tracks) {
      if (this.tracks.has(info.name)) continue;
      const key = trackKey(info);
      let track = byKey.get(key);
      if (!track) {
        const kind = info.kind === 'subtitle' ? 'subtitles' : 'metadata';
        track = this.video.addTextTrack(kind, info.label ?? info.name, info.lang ?? '');
        byKey.set(key, track);
      }
      track.mode = 'hidden';
      this.tracks.set(info.name, { info, track });
    }
  }

  /** Adds a cue per event (events of unknown tracks are skipped: `setTracks` first). */
  add(events: readonly MetadataEvent[]): void {
    for (const event of events) {
      const entry = this.tracks.get(event.track);
      if (!entry || this.cues.has(event)) continue;
      const start = this.toMediaTime(event.time);
      if (start === undefined || !Number.isFinite(start)) {
        this.pending.push(event);
        continue;
      }
      const fallback = entry.info.kind === 'subtitle' ? SUBTITLE_CUE_DEFAULT_S : METADATA_CUE_MIN_S;
      const length = event.duration !== undefined && event.duration > 0 ? event.duration / 1000 : fallback;
      const cue = new VTTCue(start, start + length, cueText(entry.info.kind, event.data));
      if (event.id !== undefined) cue.id = String(event.id);
      entry.track.addCue(cue);
      this.cues.set(event, { cue, track: entry.track });
    }
  }

  /** Retries the events that could not be mapped yet; cheap when there are none. */
  flush(): void {
    if (!this.pending.length) return;
    const waiting = this.pending;
    this.pending = [];
    this.add(waiting);
  }

  /** Removes the cues of events that were forgotten (behind the DVR window). */
  remove(events: readonly MetadataEvent[]): void {
    const gone = new Set(events);
    this.removeCues((event) => gone.has(event));
  }

  /** Media time changed meaning (a new engine): every cue is built again from `events`. */
  remap(events: readonly MetadataEvent[]): void {
    this.removeCues(() => true);
    this.add(events);
  }

  /** Empties and disables every track this mirror made (they stay listed: see `tracksByElement`). */
  dispose(): void {
    this.removeCues(() => true);
    for (const { track } of this.tracks.values()) track.mode = 'disabled';
    this.tracks.clear();
  }

  private removeCues(match: (event: MetadataEvent) => boolean): void {
    for (const [event, { cue, track }] of this.cues) {
      if (!match(event)) continue;
      track.removeCue(cue);
      this.cues.delete(event);
    }
    this.pending = this.pending.filter((event) => !match(event));
  }
}
