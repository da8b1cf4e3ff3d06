/**
 * The player's CSS, injected once per document as a <style> element. A string rather than a .css
 * file because the embed is loaded by a script tag on foreign pages: a separate stylesheet would be
 * one more request and one more thing to forget. Everything is scoped under `.brume-player`; themes
 * override the `--brume-*` custom properties (on the player or any ancestor's `.brume-player` rule).
 */
const CSS = `
.brume-player {
  --brume-accent: #4cc2ff;
  --brume-accent-fg: #03131d;
  --brume-bg: #05070a;
  --brume-fg: #f2f5f8;
  --brume-fg-muted: rgba(242, 245, 248, 0.72);
  --brume-live: #ff3b4e;
  --brume-radius: 10px;
  --brume-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  --brume-control-size: 40px;
  --brume-menu-bg: rgba(16, 20, 27, 0.94);
  --brume-aspect-ratio: 16 / 9;
  position: relative;
  display: block;
  width: 100%;
  aspect-ratio: var(--brume-aspect-ratio);
  overflow: hidden;
  color: var(--brume-fg);
  background: var(--brume-bg);
  border-radius: var(--brume-radius);
  font: 14px/1.4 var(--brume-font);
  -webkit-user-select: none;
  user-select: none;
  -webkit-tap-highlight-color: transparent;
  outline: none;
}
.brume-player-slot { display: contents; }
.brume-player *, .brume-player *::before, .brume-player *::after { box-sizing: border-box; }
.brume-player:focus-visible { box-shadow: inset 0 0 0 2px var(--brume-accent); }
.brume-player:fullscreen { width: 100%; height: 100%; aspect-ratio: auto; border-radius: 0; }
.brume-player[data-controls='hidden'] { cursor: none; }
.brume-player[data-compact] { --brume-control-size: 38px; font-size: 13px; }

.brume-video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; background: #000; }
.brume-gestures { position: absolute; inset: 0; }
.brume-sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
.brume-icon { width: 24px; height: 24px; flex: none; fill: currentColor; }

.brume-player :is(button, [role='slider']):focus-visible {
  outline: 2px solid var(--brume-accent); outline-offset: 2px;
}
.brume-button {
  display: inline-flex; align-items: center; justify-content: center; flex: none;
  min-width: var(--brume-control-size); height: var(--brume-control-size); padding: 0 8px;
  border: 0; border-radius: calc(var(--brume-radius) * 0.6);
  color: inherit; background: transparent; font: inherit; cursor: pointer;
}
.brume-button:hover { background: rgba(255, 255, 255, 0.12); }
.brume-button[aria-pressed='true'] { color: var(--brume-accent); }
.brume-button--text { font-weight: 600; font-size: 13px; font-variant-numeric: tabular-nums; }
.brume-button--small { min-width: 28px; height: 28px; padding: 0; }
.brume-button--small .brume-icon { width: 18px; height: 18px; }

.brume-controls {
  position: absolute; left: 0; right: 0; bottom: 0; z-index: 2;
  padding: 32px 8px 4px;
  background: linear-gradient(to top, rgba(0, 0, 0, 0.78), rgba(0, 0, 0, 0.38) 55%, transparent);
  transition: opacity 0.25s ease, visibility 0.25s;
}
.brume-player[data-controls='hidden'] .brume-controls { opacity: 0; visibility: hidden; pointer-events: none; }
.brume-bar { display: flex; align-items: center; gap: 2px; min-width: 0; }
.brume-bar__spacer { flex: 1; min-width: 0; }
.brume-time { padding: 0 8px; font-size: 13px; font-variant-numeric: tabular-nums; white-space: nowrap; }

.brume-slider {
  position: relative; display: flex; align-items: center; height: 24px;
  cursor: pointer; touch-action: none; border-radius: 4px;
}
.brume-slider__track {
  position: relative; width: 100%; height: 4px; border-radius: 2px; overflow: hidden;
  background: rgba(255, 255, 255, 0.25); transition: height 0.1s;
}
.brume-slider:hover .brume-slider__track, .brume-slider:focus-visible .brume-slider__track { height: 6px; }
.brume-slider__fill { position: absolute; left: 0; top: 0; bottom: 0; background: var(--brume-accent); }
.brume-slider__thumb {
  position: absolute; top: 50%; width: 14px; height: 14px; margin: -7px 0 0 -7px; border-radius: 50%;
  background: var(--brume-accent); transform: scale(0); transition: transform 0.1s; pointer-events: none;
}
.brume-slider:hover .brume-slider__thumb, .brume-slider:focus-visible .brume-slider__thumb,
.brume-player[data-compact] .brume-slider__thumb { transform: scale(1); }

.brume-seek { margin: 0 6px; }
.brume-seek__buffered { position: absolute; top: 0; bottom: 0; background: rgba(255, 255, 255, 0.38); }
.brume-seek__hover { position: absolute; left: 0; top: 0; bottom: 0; background: rgba(255, 255, 255, 0.22); }
.brume-seek[data-live] .brume-slider__track::after {
  content: ''; position: absolute; right: 0; top: 0; bottom: 0; width: 4px; background: var(--brume-live);
}
.brume-seek__tooltip {
  position: absolute; bottom: 100%; margin-bottom: 6px; padding: 2px 7px; transform: translateX(-50%);
  border-radius: 4px; background: var(--brume-menu-bg); font-size: 12px; font-variant-numeric: tabular-nums;
  white-space: nowrap; pointer-events: none;
}

.brume-volume { display: flex; align-items: center; }
.brume-volume__slider { width: 0; opacity: 0; transition: width 0.15s, opacity 0.15s, margin 0.15s; }
.brume-volume:hover .brume-volume__slider, .brume-volume:focus-within .brume-volume__slider {
  width: 72px; opacity: 1; margin: 0 8px 0 2px;
}
@media (hover: none) {
  .brume-volume__slider { width: 72px; opacity: 1; margin: 0 8px 0 2px; }
}

.brume-live {
  display: inline-flex; align-items: center; gap: 6px; flex: none; height: 26px; margin: 0 6px; padding: 0 10px;
  border: 0; border-radius: 999px; color: var(--brume-fg); background: rgba(255, 255, 255, 0.14);
  font: 700 12px/1 var(--brume-font); letter-spacing: 0.06em; cursor: pointer;
}
.brume-live:hover { background: rgba(255, 255, 255, 0.24); }
.brume-live__dot { width: 8px; height: 8px; border-radius: 50%; background: var(--brume-fg-muted); }
.brume-live[data-at-edge='true'] .brume-live__dot { background: var(--brume-live); box-shadow: 0 0 6px var(--brume-live); }

.brume-menu {
  position: absolute; right: 8px; bottom: calc(var(--brume-control-size) + 36px); z-index: 3;
  min-width: 200px; max-width: calc(100% - 16px); max-height: calc(100% - var(--brume-control-size) - 48px);
  overflow-y: auto; padding: 6px 0; border-radius: var(--brume-radius);
  background: var(--brume-menu-bg); box-shadow: 0 8px 28px rgba(0, 0, 0, 0.45);
  -webkit-backdrop-filter: blur(8px); backdrop-filter: blur(8px);
}
.brume-menu__item {
  display: flex; align-items: center; gap: 8px; width: 100%; min-height: 36px; padding: 6px 14px 6px 10px;
  border: 0; color: inherit; background: transparent; font: inherit; text-align: left; cursor: pointer;
}
.brume-menu__item:hover, .brume-menu__item:focus-visible { background: rgba(255, 255, 255, 0.1); }
.brume-player .brume-menu__item:focus-visible { outline: 2px solid var(--brume-accent); outline-offset: -2px; }
.brume-menu__item--back { margin-bottom: 4px; border-bottom: 1px solid rgba(255, 255, 255, 0.1); font-weight: 600; }
.brume-menu__item .brume-icon { width: 18px; height: 18px; }
.brume-menu__check { display: inline-flex; width: 20px; color: var(--brume-accent); }
.brume-menu__label { display: flex; flex: 1; flex-direction: column; min-width: 0; }
.brume-menu__sub { color: var(--brume-fg-muted); font-size: 12px; }
.brume-menu__hint { max-width: 55%; overflow: hidden; color: var(--brume-fg-muted); font-size: 13px; text-overflow: ellipsis; white-space: nowrap; }

.brume-overlay {
  position: absolute; inset: 0; z-index: 1; display: flex; flex-direction: column; gap: 12px;
  align-items: center; justify-content: center; padding: 24px; text-align: center; pointer-events: none;
}
.brume-overlay:is([data-kind='waiting'], [data-kind='ended']) {
  background: radial-gradient(ellipse at center, rgba(20, 28, 40, 0.55), rgba(0, 0, 0, 0.8));
}
.brume-overlay--error { z-index: 2; pointer-events: auto; background: rgba(5, 7, 10, 0.88); }
.brume-overlay__title { font-size: 17px; font-weight: 600; }
.brume-overlay__text { max-width: 46ch; font-size: 15px; }
.brume-overlay--error .brume-overlay__text { color: var(--brume-fg-muted); font-size: 14px; }
.brume-overlay__actions { display: flex; flex-wrap: wrap; justify-content: center; gap: 10px; margin-top: 4px; }
.brume-action {
  height: 36px; padding: 0 18px; border: 0; border-radius: 999px;
  color: var(--brume-accent-fg); background: var(--brume-accent); font: 600 14px var(--brume-font); cursor: pointer;
}
.brume-action--secondary { color: var(--brume-fg); background: rgba(255, 255, 255, 0.16); }
.brume-spinner {
  width: 44px; height: 44px; border-radius: 50%;
  border: 4px solid rgba(255, 255, 255, 0.18); border-top-color: var(--brume-accent);
  animation: brume-spin 0.9s linear infinite;
}
.brume-pulse { width: 14px; height: 14px; border-radius: 50%; background: var(--brume-fg-muted); animation: brume-pulse 1.6s ease-in-out infinite; }
@keyframes brume-spin { to { transform: rotate(360deg); } }
@keyframes brume-pulse { 50% { transform: scale(1.6); opacity: 0.35; } }

.brume-big-play {
  position: absolute; left: 50%; top: 50%; z-index: 1; display: flex; align-items: center; justify-content: center;
  width: 76px; height: 76px; margin: -38px 0 0 -38px; border: 0; border-radius: 50%;
  color: #fff; background: rgba(0, 0, 0, 0.6); cursor: pointer; transition: transform 0.15s, background 0.15s;
}
.brume-big-play:hover { background: var(--brume-accent); color: var(--brume-accent-fg); transform: scale(1.06); }
.brume-big-play .brume-icon { width: 42px; height: 42px; }

.brume-unmute {
  position: absolute; top: 12px; left: 12px; z-index: 2; display: inline-flex; align-items: center; gap: 8px;
  padding: 7px 14px 7px 10px; border: 0; border-radius: 999px; color: #fff; background: rgba(0, 0, 0, 0.68);
  font: 600 14px var(--brume-font); cursor: pointer; animation: brume-pop 0.3s ease-out;
}
.brume-unmute:hover { background: rgba(0, 0, 0, 0.85); }
.brume-unmute .brume-icon { width: 20px; height: 20px; }
@keyframes brume-pop { from { transform: scale(0.85); opacity: 0; } }

.brume-stats {
  position: absolute; top: 10px; left: 10px; z-index: 2; width: 340px; max-width: calc(100% - 20px);
  max-height: calc(100% - var(--brume-control-size) - 60px); overflow: auto; padding: 6px 6px 8px 12px;
  border-radius: var(--brume-radius); background: rgba(0, 0, 0, 0.74);
  font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; -webkit-user-select: text; user-select: text;
}
.brume-stats[hidden] { display: none; }
.brume-unmute ~ .brume-stats { top: 58px; max-height: calc(100% - var(--brume-control-size) - 108px); }
.brume-stats__header { display: flex; align-items: center; gap: 8px; }
.brume-stats__summary { flex: 1; min-width: 0; color: var(--brume-fg-muted); }
.brume-stats__rows { display: grid; grid-template-columns: auto 1fr; gap: 1px 14px; margin: 4px 0 0; }
.brume-stats__row { display: contents; }
.brume-stats__row dt { color: var(--brume-fg-muted); }
.brume-stats__row dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }

@media (prefers-reduced-motion: reduce) {
  .brume-player *, .brume-player *::before, .brume-player *::after { transition: none !important; animation-duration: 0s !important; }
  .brume-spinner { animation: brume-spin 2.4s linear infinite !important; }
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
