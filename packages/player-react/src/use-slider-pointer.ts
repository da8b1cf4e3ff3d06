import type { PointerEvent as ReactPointerEvent } from 'react';
import { useRef } from 'react';
import { pointerFraction } from './seek-bar-math';

/** `cancel`: the browser took the pointer (a scroll began): nothing should be committed. */
export type DragPhase = 'start' | 'move' | 'end' | 'cancel';

export interface SliderPointerHandlers {
  /** The fraction under a hovering pointer, `undefined` when it leaves. */
  onHover?: (fraction: number | undefined) => void;
  /** The fraction under a pressed pointer, from press to release. */
  onDrag: (fraction: number, phase: DragPhase) => void;
}

/**
 * Pointer handling of a horizontal slider (mouse, pen and touch alike): the pointer is captured on
 * press, so a drag that leaves the bar keeps steering it until release.
 */
export function useSliderPointer({ onHover, onDrag }: SliderPointerHandlers) {
  const dragging = useRef(false);
  const fraction = (event: ReactPointerEvent<HTMLElement>): number =>
    pointerFraction(event.clientX, event.currentTarget.getBoundingClientRect());
  return {
    onPointerDown(event: ReactPointerEvent<HTMLElement>): void {
      if (event.button !== 0) return;
      dragging.current = true;
      try {
        event.currentTarget.setPointerCapture(event.pointerId);
      } catch {
        // A pointer that is already gone cannot be captured; the drag still works while it is over the bar.
      }
      onDrag(fraction(event), 'start');
    },
    onPointerMove(event: ReactPointerEvent<HTMLElement>): void {
      const at = fraction(event);
      onHover?.(at);
      if (dragging.current) onDrag(at, 'move');
    },
    onPointerUp(event: ReactPointerEvent<HTMLElement>): void {
      if (!dragging.current) return;
      dragging.current = false;
      onDrag(fraction(event), 'end');
    },
    onPointerCancel(event: ReactPointerEvent<HTMLElement>): void {
      if (!dragging.current) return;
      dragging.current = false;
      onDrag(fraction(event), 'cancel');
    },
    onPointerLeave(): void {
      if (!dragging.current) onHover?.(undefined);
    },
  };
}
