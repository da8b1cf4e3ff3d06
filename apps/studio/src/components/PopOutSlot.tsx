import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { PopOutPart, StudioPopOut } from '../use-pop-out';

/**
 * A part's place in the page. Its content renders through a portal into the part's host, which
 * lives here or in the pop-out window: the same React tree either way, so it keeps updating there.
 * While the host is out, `away` holds the place.
 */
export function PopOutSlot({
  popOut,
  part,
  away,
  children,
}: {
  popOut: StudioPopOut;
  part: PopOutPart;
  away: ReactNode;
  children: ReactNode;
}) {
  const slot = useRef<HTMLDivElement>(null);
  const host = popOut.host(part);
  const out = popOut.isOut(part);
  const { setHome } = popOut;
  useLayoutEffect(() => {
    setHome(part, slot.current);
    if (!out) slot.current?.append(host);
    return () => setHome(part, null);
  }, [part, host, out, setHome]);
  return (
    <div ref={slot} className="pop-out-slot" data-testid={`${part}-slot`}>
      {out && away}
      {createPortal(children, host)}
    </div>
  );
}
