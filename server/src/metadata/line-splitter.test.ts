import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('LineSplitter', () => {
  it('splits lines across chunks, numbers them, drops \\r, keeps UTF-8 split mid-character', () => {
    const splitter = new LineSplitter(100);
    const euro = bytes('€'); // 3 bytes
    expect(splitter.push(bytes('{"a":1}\r\n{"b":'))).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(splitter.push(Buffer.concat([bytes('"'), euro.subarray(0, 1)]))).toEqual([]);
    expect(splitter.push(Buffer.concat([euro.subarray(1), bytes('"}\n\nlast')]))).toEqual([
      { line: 2, text: '{"b":"€"}' },
      { line: 3, text: '' },
    ]);
    expect(splitter.end()).toEqual([{ line: 4, text: 'last' }]);
  });

  it('reports a line over the bound once, discards the rest of it, and goes on', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(bytes('0123456789\n0123456'))).toEqual([{ line: 1, text: '0123456789' }]);
    expect(splitter.push(bytes('789ab'))).toEqual([{ line: 2, tooLong: true }]);
    expect(splitter.push(bytes('x'.repeat(1000)))).toEqual([]);
    expect(splitter.push(bytes('yyy\nok\n'))).toEqual([{ line: 3, text: 'ok' }]);
    expect(splitter.push(bytes('z'.repeat(11)))).toEqual([{ line: 4, tooLong: true }]);
    expect(splitter.end()).toEqual([]);
  });

  it('counts the bound without the line end', () => {
    const splitter = new LineSplitter(3);
    expect(splitter.push(bytes('abc\r\nabcd\n'))).toEqual([
      { line: 1, text: 'abc' },
      { line: 2, tooLong: true },
    ]);
  });
});
