import { MetadataError } from './metadata-error';
import { toMetadataInput, describe, type EventRules, type MetadataInput } from './metadata-input';

/**
 * Parses the events of an HTTP body or a WebSocket message: one JSON event, a JSON array of them,
 * or JSON Lines (one event, or one array, per line; blank lines skipped). Errors name the line
 * (1-based) and, inside an array, the item (0-based). Pure: strings in, inputs out.
 */
export function parseEventBody(text: string, rules: EventRules): MetadataInput[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw MetadataError.invalid('empty body: send one JSON event, an array of events, or JSON Lines', {
      line: 1,
    });
  }
  const whole = tryParse(body);
  if (whole.ok) return eventsOf(whole.value, rules, firstLineOf(body));
  const lines = body.split('\n');
  const contentLines = lines.filter((line) => line.trim() !== '').length;
  // A one-line body or a (pretty-printed) array is one JSON document: report where it broke.
  if (contentLines <= 1 || body.trimStart().startsWith('[')) {
    throw MetadataError.invalid(`not valid JSON (${whole.reason})`, { line: lineAt(body, whole.at) });
  }
  const inputs: MetadataInput[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = tryParse(line);
    if (!parsed.ok) throw MetadataError.invalid(`not valid JSON (${parsed.reason})`, { line: i + 1 });
    inputs.push(...eventsOf(parsed.value, rules, i + 1));
  });
  return inputs;
}

function eventsOf(value: unknown, rules: EventRules, line: number): MetadataInput[] {
  if (!Array.isArray(value)) {
    if (typeof value !== 'object' || value === null) {
      throw MetadataError.invalid(`expected an event object or an array of them, got ${describe(value)}`, {
        line,
      });
    }
    return [toMetadataInput(value, rules, { line })];
  }
  if (value.length === 0) throw MetadataError.invalid('empty array: nothing to store', { line });
  return value.map((item: unknown, index) => toMetadataInput(item, rules, { line, index }));
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string; at: number | undefined };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message)?.[1];
    return { ok: false, reason: message.slice(0, 160), at: at === undefined ? undefined : Number(at) };
  }
}

function firstLineOf(body: string): number {
  const leading = /^\s*/.exec(body)?.[0] ?? '';
  return lineAt(body, leading.length);
}

function lineAt(text: string, position: number | undefined): number {
  if (position === undefined) return 1;
  let line = 1;
  for (let i = 0; i < Math.min(position, text.length); i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
