import { BlobSource, BufferTarget, Conversion, Input, Output, WEBM, WebMOutputFormat } from 'mediabunny';
import type { RecordedFile } from './recording-session';

/**
 * Rewrites a live-written WebM (MediaRecorder's: no duration in the header, no cues) into one with
 * both, by remuxing with mediabunny — packets are copied, not re-encoded. Without this, players
 * cannot seek in the file until they have read all of it and ffprobe reports no duration.
 *
 * Resolves undefined if the remux fails: the caller keeps the file as recorded, which still plays.
 */
export async function withDuration(recorded: Blob): Promise<RecordedFile | undefined> {
  try {
    const input = new Input({ source: new BlobSource(recorded), formats: [WEBM] });
    const target = new BufferTarget();
    const output = new Output({ format: new WebMOutputFormat(), target });
    const conversion = await Conversion.init({ input, output, showWarnings: false });
    if (!conversion.isValid) return undefined;
    await conversion.execute();
    if (!target.buffer) return undefined;
    const durationMs = Math.round((await input.computeDuration()) * 1000);
    return { blob: new Blob([target.buffer], { type: recorded.type }), durationMs };
  } catch (error) {
    console.warn('Could not add a duration to the WebM recording; keeping it as recorded.', error);
    return undefined;
  }
}
