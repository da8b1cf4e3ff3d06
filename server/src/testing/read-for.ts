/**
 * Reads a streaming response (a live `.mp4`/`.ts`) for `ms`, then aborts it; returns the response,
 * the bytes read and whether the body ended by itself before that.
 */
export async function readFor(
  url: string,
  ms: number,
): Promise<{ response: Response; bytes: Buffer; ended: boolean }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  const timer = setTimeout(() => controller.abort(), ms);
  let ended = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      chunks.push(value);
    }
  } catch {
    // aborted after `ms`
  } finally {
    clearTimeout(timer);
  }
  return { response, bytes: Buffer.concat(chunks), ended };
}
