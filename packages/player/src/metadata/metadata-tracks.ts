import type { MetadataTrack, StreamInfo } from '@brume/protocol';

/** The metadata and subtitle tracks a stream's info lists (tracks without a name cannot be addressed). */
export function metadataTracksOf(info: StreamInfo | undefined): MetadataTrack[] {
  const tracks: MetadataTrack[] = [];
  for (const track of info?.tracks ?? []) {
    if ((track.kind !== 'meta' && track.kind !== 'subtitle') || !track.name) continue;
    const kind = track.kind === 'subtitle' ? 'subtitle' : 'json';
    tracks.push({
      name: track.name,
      kind,
      ...(track.lang ? { lang: track.lang } : {}),
      ...(track.label ? { label: track.label } : {}),
    });
  }
  return tracks;
}

/**
 * `tracks` plus a `json` track for every name events used that is not listed (plain sources have no
 * info; a server creates a track on its first event), or `tracks` itself when nothing is new.
 */
export function withTrackNames(
  tracks: readonly MetadataTrack[],
  names: Iterable<string>,
): readonly MetadataTrack[] {
  let out: MetadataTrack[] | undefined;
  for (const name of names) {
    if ((out ?? tracks).some((t) => t.name === name)) continue;
    out ??= [...tracks];
    out.push({ name, kind: 'json' });
  }
  return out ?? tracks;
}

export function sameTracks(a: readonly MetadataTrack[], b: readonly MetadataTrack[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => {
      const u = b[i];
      return !!u && t.name === u.name && t.kind === u.kind && t.lang === u.lang && t.label === u.label;
    })
  );
}
