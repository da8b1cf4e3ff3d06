import { describe, expect, it } from 'vitest';
import { parseEventBody } from './event-body';
import { MetadataError } from './metadata-error';

const json = { kind: 'json', track: 'chat' } as const;
const subs = { kind: 'subtitle', track: 'en' } as const;

function errorOf(run: () => unknown): MetadataError {
  try {
    run();
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('parseEventBody', () => {
  it('reads one event, an array, and JSON Lines (blank lines skipped, CRLF too)', () => {
    expect(parseEventBody('{"data":{"score":1},"time":1200,"duration":500}', json)).toEqual([
      { data: { score: 1 }, time: 1200, duration: 500, position: { line: 1 } },
    ]);
    expect(parseEventBody('[{"data":1},{"data":"x","time":0}]', json)).toEqual([
      { data: 1, position: { line: 1, index: 0 } },
      { data: 'x', time: 0, position: { line: 1, index: 1 } },
    ]);
    const lines = parseEventBody('{"data":1}\r\n\n{"data":null,"track":"chat"}\n[{"data":3}]\n', json);
    expect(lines.map((input) => [input.data, input.position])).toEqual([
      [1, { line: 1 }],
      [null, { line: 3 }],
      [3, { line: 4, index: 0 }],
    ]);
  });

  it('takes a pretty-printed event as one document', () => {
    expect(parseEventBody('\n{\n  "data": "hi"\n}\n', json)).toEqual([{ data: 'hi', position: { line: 2 } }]);
  });

  it('names the line of malformed JSON and the item of a bad array element', () => {
    const bad = errorOf(() => parseEventBody('{"data":1}\n{"data":2}\n{"data": oops}\n', json));
    expect(bad.code).toBe('metadata/invalid');
    expect(bad.position).toEqual({ line: 3 });
    expect(bad.message).toMatch(/^line 3: not valid JSON/);
    const item = errorOf(() => parseEventBody('[{"data":1}, 42]', json));
    expect(item.position).toEqual({ line: 1, index: 1 });
    expect(item.message).toMatch(/line 1, item 1: expected an event object/);
    const broken = errorOf(() => parseEventBody('[\n{"data":1},\n{"data":2\n]', json));
    expect(broken.position?.line).toBe(4);
  });

  it('refuses non-objects, a missing data, bad times, unknown fields and another track', () => {
    const cases: [string, RegExp][] = [
      ['', /empty body/],
      ['42', /expected an event object or an array/],
      ['"text"', /expected an event object/],
      ['[]', /empty array/],
      ['{"time":5}', /"data" is missing/],
      ['{"data":1,"time":-1}', /"time" must be a finite number/],
      ['{"data":1,"time":"5"}', /"time" must be/],
      ['{"data":1,"duration":1e400}', /"duration" must be/],
      ['{"data":1,"tme":5}', /unknown field "tme"/],
      ['{"data":1,"id":7}', /ids are assigned by the server/],
      ['{"data":1,"track":"other"}', /goes to track chat/],
    ];
    for (const [body, message] of cases) {
      const error = errorOf(() => parseEventBody(body, json));
      expect(error.code, body).toBe('metadata/invalid');
      expect(error.message, body).toMatch(message);
    }
  });

  it('413s an event over 64 KiB of JSON, with its line and item', () => {
    const big = JSON.stringify({ data: 'x'.repeat(64 * 1024) });
    const error = errorOf(() => parseEventBody(`{"data":1}\n[{"data":2},${big}]`, json));
    expect(error.code).toBe('metadata/too-large');
    expect(error.position).toEqual({ line: 2, index: 1 });
    // Just under the limit passes.
    const fits = JSON.stringify({ data: 'x'.repeat(64 * 1024 - 20) });
    expect(parseEventBody(fits, json)).toHaveLength(1);
  });

  it('wants cue text on subtitle tracks', () => {
    expect(parseEventBody('{"data":"Hello\\r\\nworld","duration":2000}', subs)[0]?.data).toBe('Hello\nworld');
    expect(errorOf(() => parseEventBody('{"data":{"text":"hi"}}', subs)).message).toMatch(
      /cue text \(a string\)/,
    );
    expect(errorOf(() => parseEventBody('{"data":"a\\n\\nb"}', subs)).message).toMatch(/blank line/);
    expect(errorOf(() => parseEventBody('{"data":"a --> b"}', subs)).message).toMatch(/-->/);
    expect(errorOf(() => parseEventBody('{"data":"  "}', subs)).message).toMatch(/empty/);
  });
});
