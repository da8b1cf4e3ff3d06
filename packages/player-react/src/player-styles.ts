/**
 * The player's CSS, injected once per document as a <style> element. A string rather than a .css
 * file because the script-tag embed is a single JS file: a separate stylesheet would not load on the
 * host page. Everything is scoped under `.brume-player` and overridable through the custom properties.
 */
const CSS = `
.brume-player {
  --brume-bg: #05070a;
  --brume-fg: #e8edf3;
  --brume-muted: #8a97a8;
  --brume-accent: #4cc2ff;
  --brume-live: #ff4d5e;
  --brume-bar: rgba(12, 16, 22, 0.92);
  position: relative;
  display: flex;
  flex-direction: column;
  width: 100%;
  color: var(--brume-fg);
  background: var(--brume-bg);
  border-radius: 10px;
  overflow: hidden;
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
}
.brume-player__stage { position: relative; aspect-ratio: 16 / 9; background: #000; }
.brume-player__video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; background: #000; }
.brume-player__overlay {
  position: absolute; inset: 0; display: flex; flex-direction: column; gap: 12px;
  align-items: center; justify-content: center; text-align: center; padding: 24px;
  color: var(--brume-fg); font-size: 15px; pointer-events: none;
  background: radial-gradient(ellipse at center, rgba(20, 28, 40, 0.55), rgba(0, 0, 0, 0.75));
}
.brume-player__spinner {
  width: 28px; height: 28px; border-radius: 50%;
  border: 3px solid rgba(255, 255, 255, 0.15); border-top-color: var(--brume-accent);
  animation: brume-spin 0.9s linear infinite;
}
@keyframes brume-spin { to { transform: rotate(360deg); } }
.brume-player__bar {
  display: flex; align-items: center; gap: 10px; padding: 6px 10px; min-height: 40px;
  background: var(--brume-bar); border-top: 1px solid rgba(255, 255, 255, 0.06);
}
.brume-player__button {
  display: inline-flex; align-items: center; justify-content: center;
  width: 30px; height: 30px; padding: 0; border: 0; border-radius: 6px;
  color: var(--brume-fg); background: transparent; cursor: pointer;
}
.brume-player__button:hover { background: rgba(255, 255, 255, 0.08); }
.brume-player__button:focus-visible { outline: 2px solid var(--brume-accent); outline-offset: 1px; }
.brume-player__button svg { width: 18px; height: 18px; fill: currentColor; }
.brume-player__state { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; white-space: nowrap; }
.brume-player__dot { width: 8px; height: 8px; border-radius: 50%; background: var(--brume-muted); }
.brume-player[data-state='live'] .brume-player__dot { background: var(--brume-live); box-shadow: 0 0 6px var(--brume-live); }
.brume-player[data-state='connecting'] .brume-player__dot,
.brume-player[data-state='reconnecting'] .brume-player__dot { background: var(--brume-accent); }
.brume-player[data-state='error'] .brume-player__dot { background: #ffb020; }
.brume-player[data-state='error'] .brume-player__state { font-weight: 500; white-space: normal; }
.brume-player__stats {
  margin-left: auto; color: var(--brume-muted); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; font-variant-numeric: tabular-nums;
}
`;

const STYLE_ID = 'brume-player-styles';

export function ensurePlayerStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
