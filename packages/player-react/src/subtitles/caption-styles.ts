/**
 * The captions' CSS, injected with the renderer (not with the player's styles: pages that never
 * show captions do not pay for it). A broadcast look: white text on a translucent dark box hugging
 * each line, sized with the player's width (container query units), at most three lines (the
 * newest, at the bottom), lifted above the control bar while it shows.
 */
const CSS = `
.brume-captions {
  position: absolute; left: 0; right: 0; bottom: 5%; z-index: 1;
  display: flex; justify-content: center; padding: 0 6%;
  container-type: inline-size; pointer-events: none;
  transition: bottom 0.2s ease;
}
.brume-player[data-controls='visible'] .brume-captions { bottom: calc(var(--brume-control-size) + 40px); }
.brume-captions__box {
  display: flex; flex-direction: column; justify-content: flex-end; align-items: center;
  font-size: 18px; font-size: clamp(12px, 3.4cqw, 44px); line-height: 1.35;
  max-height: calc(3 * 1.35em + 0.5em); overflow: hidden; text-align: center;
}
.brume-caption { white-space: pre-line; overflow-wrap: anywhere; }
.brume-caption__text {
  padding: 0.05em 0.35em; color: #fff; background: rgba(8, 8, 8, 0.75);
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
`;

const ID = 'brume-caption-styles';

export function ensureCaptionStyles(doc: Document): void {
  if (doc.getElementById(ID)) return;
  const style = doc.createElement('style');
  style.id = ID;
  style.textContent = CSS;
  doc.head.append(style);
}
