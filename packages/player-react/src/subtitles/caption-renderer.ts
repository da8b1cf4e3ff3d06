import type { FiredMetadataEvent, PlayerMetadata } from '@brume/player';
import type { MetadataEvent } from '@brume/protocol';
import { ensureCaptionStyles } from './caption-styles';
import { parseCueText, type CueNode } from './vtt-markup';

/** How long a cue without a duration stays up (ms), as the player's TextTrack mirror does. */
export const CAPTION_DEFAULT_MS = 5000;

interface Shown {
  time: number;
  element: HTMLElement;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Enter and exit see different objects (enter gets a copy with `late`): cues are matched by value. */
function cueKey(event: MetadataEvent): string {
  return `${event.time}\u0000${event.id ?? ''}\u0000${String(event.data)}`;
}

function render(doc: Document, nodes: readonly CueNode[], parent: Node): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      parent.appendChild(doc.createTextNode(node));
      continue;
    }
    const element = doc.createElement(node.tag);
    if (node.voice) {
      element.className = 'brume-caption__voice';
      element.title = node.voice;
    }
    render(doc, node.children, element);
    parent.appendChild(element);
  }
}

/**
 * Draws one subtitle metadata track's cues over the player while they are active: a line box per
 * cue, several at once stacked in time order, each removed when its event exits (or after
 * `CAPTION_DEFAULT_MS` without a duration). Its element is appended to the player's root, so it
 * follows it into fullscreen and sees `data-controls`. `dispose()` unsubscribes, clears timers and
 * removes the element.
 */
export class CaptionRenderer {
  private readonly doc: Document;
  private readonly host: HTMLElement;
  private readonly box: HTMLElement;
  private readonly shown = new Map<string, Shown>();
  private readonly unsubscribe: () => void;

  constructor(container: HTMLElement, metadata: PlayerMetadata, track: string) {
    this.doc = container.ownerDocument;
    ensureCaptionStyles(this.doc);
    this.host = this.doc.createElement('div');
    this.host.className = 'brume-captions';
    this.host.dataset.testid = 'captions';
    this.box = this.doc.createElement('div');
    this.box.className = 'brume-captions__box';
    this.host.append(this.box);
    container.append(this.host);
    this.unsubscribe = metadata.subscribe(
      track,
      (event) => this.enter(event),
      (event) => this.exit(event),
    );
  }

  private enter(event: FiredMetadataEvent): void {
    const key = cueKey(event);
    if (typeof event.data !== 'string' || this.shown.has(key)) return;
    const element = this.doc.createElement('div');
    element.className = 'brume-caption';
    element.dataset.testid = 'caption';
    const text = this.doc.createElement('span');
    text.className = 'brume-caption__text';
    render(this.doc, parseCueText(event.data), text);
    element.append(text);
    const timer =
      event.duration === undefined ? setTimeout(() => this.exit(event), CAPTION_DEFAULT_MS) : undefined;
    const later = [...this.shown.values()]
      .filter((s) => s.time > event.time)
      .sort((a, b) => a.time - b.time)[0];
    this.box.insertBefore(element, later?.element ?? null);
    this.shown.set(key, { time: event.time, element, timer });
  }

  private exit(event: MetadataEvent): void {
    const key = cueKey(event);
    const shown = this.shown.get(key);
    if (!shown) return;
    clearTimeout(shown.timer);
    shown.element.remove();
    this.shown.delete(key);
  }

  dispose(): void {
    this.unsubscribe();
    for (const { timer } of this.shown.values()) clearTimeout(timer);
    this.shown.clear();
    this.host.remove();
  }
}
