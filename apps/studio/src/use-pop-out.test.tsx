// @vitest-environment happy-dom
import { createFakeDocumentPip } from '@brume/player/pop-out';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useLayoutEffect, useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePopOut } from './use-pop-out';

let pip: ReturnType<typeof createFakeDocumentPip>;
const host = document.createElement('div');
host.dataset.testid = 'host';
let home: HTMLElement | null = null;

/** A monitor whose place in the page (`slot`) moves with `where`, as the program's does with studio mode. */
function Monitor({ where }: { where: 'a' | 'b' }) {
  const popOut = usePopOut(host, () => home, { width: 640, height: 360, css: 'body { margin: 0; }' });
  return (
    <div>
      <button type="button" data-testid="toggle" onClick={popOut.toggle} aria-pressed={popOut.active}>
        {String(popOut.available)}
      </button>
      {where === 'a' ? (
        <Slot key="a" id="a" out={popOut.active} />
      ) : (
        <Slot key="b" id="b" out={popOut.active} />
      )}
    </div>
  );
}

function Slot({ id, out }: { id: string; out: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    home = ref.current;
    if (!out) ref.current?.append(host);
    return () => {
      home = null;
    };
  }, [out]);
  return <div ref={ref} data-testid={`slot-${id}`} />;
}

async function toggle(): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByTestId('toggle'));
    await Promise.resolve();
  });
}

beforeEach(() => {
  pip = createFakeDocumentPip(document);
  Object.defineProperty(window, 'documentPictureInPicture', { value: pip, configurable: true });
});

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, 'documentPictureInPicture');
  host.remove();
});

describe('usePopOut', () => {
  it('is unavailable without Document Picture-in-Picture', () => {
    Reflect.deleteProperty(window, 'documentPictureInPicture');
    render(<Monitor where="a" />);
    expect(screen.getByTestId('toggle').textContent).toBe('false');
  });

  it('pops the element out and back with the button', async () => {
    render(<Monitor where="a" />);
    expect(screen.getByTestId('toggle').textContent).toBe('true');
    await toggle();
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    expect(pip.opened[0]!.document.body.firstElementChild).toBe(host);
    expect(pip.opened[0]!.options).toEqual({ width: 640, height: 360 });
    expect(screen.getByTestId('toggle').getAttribute('aria-pressed')).toBe('true');
    await toggle();
    expect(pip.opened[0]!.closed).toBe(true);
    expect(screen.getByTestId('slot-a').firstElementChild).toBe(host);
    expect(screen.getByTestId('toggle').getAttribute('aria-pressed')).toBe('false');
  });

  it('goes back to its new place when the one it left was unmounted meanwhile', async () => {
    const { rerender } = render(<Monitor where="a" />);
    await toggle();
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    rerender(<Monitor where="b" />);
    expect(pip.opened[0]!.document.body.firstElementChild).toBe(host);
    act(() => pip.opened[0]!.close());
    expect(screen.getByTestId('slot-b').firstElementChild).toBe(host);
  });

  it('closes the window when the component goes away', async () => {
    const { unmount } = render(<Monitor where="a" />);
    await toggle();
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    unmount();
    expect(pip.opened[0]!.closed).toBe(true);
  });
});
