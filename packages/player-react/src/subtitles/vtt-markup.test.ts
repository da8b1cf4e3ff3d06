import { describe, expect, it } from 'vitest';
import { parseCueText } from './vtt-markup';

describe('parseCueText', () => {
  it('keeps plain text, line breaks included', () => {
    expect(parseCueText('Hello\nworld')).toEqual(['Hello\nworld']);
  });

  it('nests b, i and u', () => {
    expect(parseCueText('a <b>bold <i>both</i></b> <u>under</u>')).toEqual([
      'a ',
      { tag: 'b', children: ['bold ', { tag: 'i', children: ['both'] }] },
      ' ',
      { tag: 'u', children: ['under'] },
    ]);
  });

  it('reads the voice of <v> (classes dropped), and an unclosed <v> runs to the end', () => {
    expect(parseCueText('<v.loud Mary Ann>Hi</v> <v Bob>yo')).toEqual([
      { tag: 'v', voice: 'Mary Ann', children: ['Hi'] },
      ' ',
      { tag: 'v', voice: 'Bob', children: ['yo'] },
    ]);
  });

  it('keeps the text of other spans, drops timestamps and stray end tags', () => {
    expect(parseCueText('<c.yellow>one</c><00:00:01.500> two</i> <lang en>three</lang>')).toEqual([
      { tag: 'span', children: ['one'] },
      ' two',
      ' ',
      { tag: 'span', children: ['three'] },
    ]);
  });

  it('closes the innermost open element of the end tag, and those inside it', () => {
    expect(parseCueText('<b><i>x</b>y')).toEqual([
      { tag: 'b', children: [{ tag: 'i', children: ['x'] }] },
      'y',
    ]);
  });

  it('decodes entities (named and numeric) into text, never markup', () => {
    expect(parseCueText('&lt;script&gt; &amp; &#x263A;&#65;&nbsp;&bogus;')).toEqual([
      '<script> & ☺A\u00a0&bogus;',
    ]);
  });

  it('treats an HTML tag as an unknown span: its text stays text', () => {
    expect(parseCueText('<img src=x onerror=alert(1)>pwned')).toEqual([{ tag: 'span', children: ['pwned'] }]);
  });
});
