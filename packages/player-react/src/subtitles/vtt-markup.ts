/**
 * WebVTT cue text markup (W3C WebVTT §4.2.2) as a tree the renderer turns into DOM nodes: `<b>`,
 * `<i>`, `<u>`, `<v Voice>` are kept; `<c>`, `<lang>`, `<ruby>`, `<rt>` keep their text; timestamp
 * tags are dropped. The text stays text (never HTML), so a cue cannot inject markup.
 */
export type CueNode = string | CueElement;

export interface CueElement {
  tag: 'b' | 'i' | 'u' | 'v' | 'span';
  /** The speaker of a `<v>` span. */
  voice?: string;
  children: CueNode[];
}

const KEPT = new Set(['b', 'i', 'u', 'v']);
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function parseCueText(text: string): CueNode[] {
  const root: CueElement = { tag: 'span', children: [] };
  /** Open elements, each with the tag name that closes it. */
  const open: { name: string; element: CueElement }[] = [];
  const top = (): CueElement => open[open.length - 1]?.element ?? root;
  for (const [, tag, chunk] of text.matchAll(/<([^>]*)>?|([^<]+)/g)) {
    if (chunk !== undefined) {
      top().children.push(decode(chunk));
      continue;
    }
    const body = (tag ?? '').trim();
    if (body.startsWith('/')) {
      // An end tag closes the innermost element of its name; a stray one is ignored.
      const name = body.slice(1).split('.')[0]?.trim().toLowerCase();
      const at = open.map((o) => o.name).lastIndexOf(name ?? '');
      if (at >= 0) open.length = at;
      continue;
    }
    const match = /^([a-z]+)(?:\.[^\s]*)?(?:\s+([\s\S]*))?$/i.exec(body);
    if (!match) continue; // A timestamp (`<00:01.500>`) or nothing a renderer draws.
    const name = (match[1] ?? '').toLowerCase();
    const element: CueElement = { tag: KEPT.has(name) ? (name as CueElement['tag']) : 'span', children: [] };
    if (name === 'v' && match[2]) element.voice = decode(match[2].trim());
    top().children.push(element);
    open.push({ name, element });
  }
  return root.children;
}
