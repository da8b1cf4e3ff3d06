const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'err']);

/**
 * Formats one pino JSON line as `12:34:56.789 INFO  message key=value ...` for people reading a
 * terminal; errors keep their stack on the following lines. Unparseable input passes through.
 */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now())
    .toISOString()
    .slice(11, 23);
  const level = (LEVELS[Number(record.level)] ?? String(record.level)).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  let text = `${time} ${level} ${String(record.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  const err = record.err as { message?: string; stack?: string } | undefined;
  if (err) text += Number(record.level) >= 50 && err.stack ? `\n${err.stack}` : `  err=${err.message ?? ''}`;
  return `${text}\n`;
}

/** A pino destination writing formatted lines to `out`. */
export function prettyLogStream(out: NodeJS.WritableStream = process.stdout): { write(line: string): void } {
  return { write: (line) => void out.write(formatLogLine(line)) };
}
