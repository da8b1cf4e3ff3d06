import type { LayoutPreset } from '@brume/studio';
import type { ReactElement } from 'react';

/**
 * The layers panel's icons as inline SVG: emoji and rarer symbols are missing from many system fonts
 * (Linux without an emoji font shows empty boxes). 16 × 16, drawn with the text colour.
 */
export type LayerIconName = 'eye' | 'eye-off' | 'lock' | 'unlock' | 'up' | 'down' | 'copy' | 'trash' | 'plus';

const PATHS: Record<LayerIconName, ReactElement> = {
  eye: (
    <>
      <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" />
      <circle cx="8" cy="8" r="2" />
    </>
  ),
  'eye-off': (
    <>
      <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" opacity="0.5" />
      <path d="M2.5 13.5 13.5 2.5" />
    </>
  ),
  lock: (
    <>
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" />
    </>
  ),
  unlock: (
    <>
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5 7V5a3 3 0 0 1 5.8-1" />
    </>
  ),
  up: <path d="M4 10l4-4 4 4" />,
  plus: <path d="M8 3v10M3 8h10" />,
  down: <path d="M4 6l4 4 4-4" />,
  copy: (
    <>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 3.5v-1h-8v8h1" />
    </>
  ),
  trash: <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9" />,
};

export function LayerIcon({ name }: { name: LayerIconName }) {
  return (
    <svg
      className="layer-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      {PATHS[name]}
    </svg>
  );
}

/** A layout preset as a thumbnail of the frame with its boxes filled. */
export function LayoutIcon({ preset }: { preset: LayoutPreset }) {
  const corner = preset.startsWith('pip-')
    ? { x: preset.endsWith('left') ? 2.5 : 13.5, y: preset.startsWith('pip-top') ? 2.5 : 6.5 }
    : undefined;
  return (
    <svg className="layout-icon" viewBox="0 0 24 14" width="24" height="14" aria-hidden>
      <rect
        x="0.5"
        y="0.5"
        width="23"
        height="13"
        rx="1.5"
        fill={preset === 'full' || corner ? 'currentColor' : 'none'}
        fillOpacity={corner ? 0.35 : 0.8}
        stroke="currentColor"
      />
      {corner && <rect x={corner.x} y={corner.y} width="8" height="5" rx="0.5" fill="currentColor" />}
      {preset === 'side-by-side' && (
        <>
          <rect x="2" y="3.5" width="9.5" height="7" fill="currentColor" opacity="0.8" />
          <rect x="12.5" y="3.5" width="9.5" height="7" fill="currentColor" opacity="0.8" />
        </>
      )}
      {preset === 'grid' &&
        [
          [2, 2],
          [12.5, 2],
          [2, 7.5],
          [12.5, 7.5],
        ].map(([x, y]) => (
          <rect key={`${x},${y}`} x={x} y={y} width="9.5" height="4.5" fill="currentColor" opacity="0.8" />
        ))}
    </svg>
  );
}
