/**
 * Every attribute `new Player(tag)` writes on the element it is given: it copies them all onto its
 * wrapper div and rewrites the tag's own (`id` + `_html5_api`, `class="vjs-tech"`, `tabindex=-1`,
 * no `controls`, no `width`/`height`, `role` on Windows).
 */
const PLAYER_ATTRIBUTES = ['id', 'class', 'tabindex', 'controls', 'role', 'width', 'height'];

/**
 * What the Html5 tech writes when it loads (from the tag's own settings, so usually the same values)
 * and what its dispose removes. Restored at the end; `id`/`class`/`style` are not, so a change the
 * player core made to them during playback survives.
 */
const TECH_ATTRIBUTES = [
  'controls',
  'preload',
  'playsinline',
  'webkit-playsinline',
  'autoplay',
  'muted',
  'loop',
  'poster',
  'crossorigin',
  'disablepictureinpicture',
];

/** Properties video.js hangs on the element (`videojs(el)` returns a disposed player while `player` is set). */
const EXPANDOS = ['player', 'playerId', 'initNetworkState_', 'resetSourceset_'];

/**
 * The player core's one `<video>`, lent to video.js. video.js wraps the element it is given in a div
 * it inserts in its place, rewrites its attributes, and on dispose removes it from the document and
 * empties it. The core's frame clock, latency meter and UI stay bound to that element and the next
 * engine plays in it, so this puts back what video.js moved: `reclaim()` right after `videojs()`
 * (the element returns to its place; the wrapper stays detached, so the page layout never changes),
 * `giveBack()` around the player's dispose.
 */
export class BorrowedElement {
  private readonly attributes: Map<string, string | null>;
  private readonly children: Node[];

  /** Call before handing the element to video.js. */
  constructor(private readonly element: HTMLMediaElement) {
    this.attributes = new Map(
      [...element.getAttributeNames(), ...PLAYER_ATTRIBUTES, ...TECH_ATTRIBUTES]
        .filter((name) => name !== 'src')
        .map((name) => [name, element.getAttribute(name)]),
    );
    this.children = [...element.childNodes];
  }

  /**
   * Undoes what the video.js Player constructor did: puts the element back where its wrapper now
   * stands, detaches the wrapper, and restores every attribute the constructor changed. The player
   * keeps working: its tech drives the element directly and its own (UI-less) div needs no layout.
   */
  reclaim(wrapper: Element): void {
    const element = this.element;
    if (wrapper.parentNode) wrapper.parentNode.replaceChild(element, wrapper);
    else element.remove(); // it was not in a document, and the wrapper was not put in one
    for (const name of new Set([...element.getAttributeNames(), ...this.attributes.keys()])) {
      if (name !== 'src') this.restoreAttribute(name);
    }
  }

  /**
   * Runs `release` (the player's dispose, which takes the element out of the document and empties
   * it), then puts the element back where it was before `release`, with its children and the
   * attributes the tech wrote.
   */
  giveBack(release: () => void): void {
    const element = this.element;
    const parent = element.parentNode;
    const next = element.nextSibling;
    try {
      release();
    } finally {
      if (parent && element.parentNode !== parent) {
        parent.insertBefore(element, next && next.parentNode === parent ? next : null);
      }
      for (const child of this.children) {
        if (child.parentNode !== element) element.append(child);
      }
      for (const name of TECH_ATTRIBUTES) this.restoreAttribute(name);
      const props = element as unknown as Record<string, unknown>;
      for (const key of EXPANDOS) delete props[key];
    }
  }

  private restoreAttribute(name: string): void {
    const value = this.attributes.get(name) ?? null;
    if (value === null) this.element.removeAttribute(name);
    else if (this.element.getAttribute(name) !== value) this.element.setAttribute(name, value);
  }
}
