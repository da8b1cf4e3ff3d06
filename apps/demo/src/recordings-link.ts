/** One file of `GET /api/recordings`, as the panel reads it. */
export interface RecordingListing {
  stream: string;
  file: string;
  start: string;
  durationMs: number | null;
  bytes: number;
  url: string;
  hls: string;
  active: boolean;
}

/**
 * The demo page address that plays a recording: its HLS VoD first (seekable in every engine), the
 * file itself as the fallback (`src` is repeatable, in preference order).
 */
export function playRecordingHref(recording: Pick<RecordingListing, 'hls' | 'url'>, page = '/'): string {
  const params = new URLSearchParams();
  params.append('src', recording.hls);
  params.append('src', recording.url);
  return `${page}?${params.toString()}`;
}
