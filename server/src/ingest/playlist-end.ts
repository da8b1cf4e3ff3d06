/** What a playlist says about its end: ended, or where to look (a multivariant's first variant). */
export function playlistEnd(text: string, url: string): { ended: true } | { ended: false; variant?: string } {
  if (/^#EXT-X-ENDLIST\s*$/m.test(text)) return { ended: true };
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const inf = lines.findIndex((line) => line.startsWith('#EXT-X-STREAM-INF'));
  const uri = inf < 0 ? undefined : lines.slice(inf + 1).find((line) => line !== '' && !line.startsWith('#'));
  return uri === undefined ? { ended: false } : { ended: false, variant: new URL(uri, url).href };
}

/** How long the check may take: it runs after ffmpeg stopped, while the stream waits. */
const CHECK_TIMEOUT_MS = 5000;

/**
 * Whether the live playlist at `url` has really ended (`EXT-X-ENDLIST`, in it or in its first
 * variant). ffmpeg also exits cleanly when a live playlist stops loading (a 404 on reload), which
 * is a failure to retry, not the end of the source. Any error counts as not ended.
 */
export async function playlistEnded(url: string): Promise<boolean> {
  const read = async (target: string) => {
    const response = await fetch(target, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  };
  try {
    const top = playlistEnd(await read(url), url);
    if (top.ended || top.variant === undefined) return top.ended;
    return playlistEnd(await read(top.variant), top.variant).ended;
  } catch {
    return false;
  }
}
