import { MAX_METADATA_EVENT_BYTES } from '@brume/protocol';

/** What a chunk of a line stream held: complete lines, or a line that was too long (and discarded). */
export type SplitLine = { line: number; text: string } | { line: number; tooLong: true };

/**
 * Splits a byte stream into `\n`-terminated UTF-8 lines (a trailing `\r` is dropped), numbering
 * them from 1, with a bound: a line longer than `maxBytes` is reported once as too long and the
 * rest of it is discarded up to its newline, so one bad line never holds unbounded memory nor
 * ends the connection. Pure: bytes in, lines out.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private discarding = false;
  private lineNumber = 0;

  constructor(private readonly maxBytes = MAX_METADATA_EVENT_BYTES) {}

  push(chunk: Buffer): SplitLine[] {
    const out: SplitLine[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline < 0 ? chunk.length : newline;
      if (!this.discarding) {
        this.parts.push(chunk.subarray(start, end));
        this.partBytes += end - start;
        // The bound counts the line without its `\r\n`.
        const content = this.partBytes - (newline >= 0 && chunk[end - 1] === 13 ? 1 : 0);
        if (content > this.maxBytes) {
          this.discarding = true;
          this.parts = [];
          this.partBytes = 0;
          out.push({ line: this.lineNumber + 1, tooLong: true });
        }
      }
      if (newline < 0) break;
      this.lineNumber += 1;
      if (this.discarding) this.discarding = false;
      else out.push({ line: this.lineNumber, text: this.takeLine() });
      start = newline + 1;
    }
    return out;
  }

  /** The connection ended: a last line without its newline, if any. */
  end(): SplitLine[] {
    if (this.discarding || this.partBytes === 0) return [];
    this.lineNumber += 1;
    return [{ line: this.lineNumber, text: this.takeLine() }];
  }

  private takeLine(): string {
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}
