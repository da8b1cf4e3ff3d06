// @vitest-environment happy-dom
import { createFakeDocumentPip } from '@brume/player/pop-out';
import type { PublisherStats } from '@brume/studio';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopOutSlot } from './components/PopOutSlot';
import { StatsPanel } from './components/StatsPanel';
import { StudioContext } from './studio-context';
import { fakeController } from './testing/fake-controller';
import { collection, layer, scene } from './testing/scene-fixtures';
import { usePopOut } from './use-pop-out';

let pip: ReturnType<typeof createFakeDocumentPip>;

/**
 * The studio's two parts over one pop-out: a program monitor whose place in the page moves with
 * `where` (as the real one's does with studio mode) and the real stats panel.
 */
function Studio({ where }: { where: 'a' | 'b' }) {
  const popOut = usePopOut();
  const program = (
    <PopOutSlot key={where} popOut={popOut} part="program" away={<p data-testid="program-away" />}>
      <div data-testid="program">program</div>
    </PopOutSlot>
  );
  return (
    <div>
      <button
        type="button"
        data-testid="program-pop-out"
        aria-pressed={popOut.isOut('program')}
        onClick={() => popOut.toggle('program')}
      >
        Pop out
      </button>
      <div data-testid={`place-${where}`}>{program}</div>
      <StatsPanel popOut={popOut} />
    </div>
  );
}

function setup() {
  const fake = fakeController(collection(scene([layer('back')])), {
    publisherState: 'live',
    stateSince: Date.now() - 65_000,
  });
  const view = fake.render(<Studio where="a" />);
  return {
    ...fake,
    move: (where: 'a' | 'b') =>
      view.rerender(
        <StudioContext.Provider value={fake.controller}>
          <Studio where={where} />
        </StudioContext.Provider>,
      ),
    unmount: view.unmount,
  };
}

function sample(bitrateKbps: number, bytesSent: number): PublisherStats {
  return {
    timestampMs: bytesSent,
    video: {
      bytesSent,
      packetsSent: 100,
      framesEncoded: 300,
      bitrateKbps,
      fps: 30,
      width: 1280,
      height: 720,
      nackCount: 2,
      pliCount: 1,
      firCount: 0,
      packetsLost: 0,
    },
  };
}

async function click(testId: string): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testId));
    await Promise.resolve();
  });
}

const pressed = (testId: string) => screen.getByTestId(testId).getAttribute('aria-pressed');
const windowDoc = () => pip.opened[0]!.document;
const statValue = (doc: Document, id: string) => doc.querySelector(`[data-stat="${id}"] dd`)?.textContent;
/** The parts in the window, in its order. */
const partsInWindow = () =>
  Array.from(windowDoc().querySelectorAll('.pop-out-frame > .pop-out-host'), (host) =>
    host instanceof HTMLElement ? host.dataset.part : undefined,
  );

beforeEach(() => {
  pip = createFakeDocumentPip(document);
  Object.defineProperty(window, 'documentPictureInPicture', { value: pip, configurable: true });
});

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, 'documentPictureInPicture');
});

describe('usePopOut', () => {
  it('offers no pop-out without Document Picture-in-Picture', () => {
    Reflect.deleteProperty(window, 'documentPictureInPicture');
    setup();
    expect(screen.queryByTestId('stats-pop-out')).toBeNull();
    expect(screen.getByTestId('stats-slot').contains(screen.getByTestId('stats-body'))).toBe(true);
  });

  it('pops the stats out with the live state, keeps them updating there, and brings them back', async () => {
    const { store } = setup();
    act(() => store.setState({ stats: sample(2450, 1_500_000) }));
    const body = screen.getByTestId('stats-body');
    expect(statValue(document, 'bitrate')).toBe('2.45 Mb/s');
    // The page's top bar has the live state: the panel shows it only in the window.
    expect(body.querySelector('[data-testid="studio-state"]')).toBeNull();

    await click('stats-pop-out');
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    expect(pip.opened[0]!.options).toEqual({ width: 380, height: 440 });
    expect(windowDoc().querySelector('[data-testid="stats-body"]')).toBe(body);
    expect(partsInWindow()).toEqual(['stats']);
    expect(pressed('stats-pop-out')).toBe('true');
    expect(screen.getByTestId('stats-away').textContent).toBe('Stats in the pop-out window');
    // The page's style sheets and the window's layout are in its head.
    expect(windowDoc().head.textContent).toContain('.pop-out-frame');
    const state = windowDoc().querySelector('[data-testid="studio-state"]');
    expect(state?.getAttribute('data-state')).toBe('live');
    expect(windowDoc().querySelector('[data-testid="state-duration"]')?.textContent).toBe('1:05');

    // The same React tree renders into the window: new numbers show there.
    act(() => store.setState({ stats: sample(812, 2_600_000) }));
    expect(statValue(windowDoc(), 'bitrate')).toBe('812 kb/s');
    expect(statValue(windowDoc(), 'sent')).toBe('2.6 MB');
    act(() => store.setState({ publisherState: 'reconnecting', stateSince: Date.now() }));
    expect(state?.textContent).toContain('Reconnecting…');

    await click('stats-pop-out');
    expect(pip.opened[0]!.closed).toBe(true);
    expect(pressed('stats-pop-out')).toBe('false');
    expect(screen.getByTestId('stats-body')).toBe(body);
    expect(screen.getByTestId('stats-slot').contains(body)).toBe(true);
    expect(screen.queryByTestId('stats-away')).toBeNull();
    expect(body.querySelector('[data-testid="studio-state"]')).toBeNull();
    act(() => store.setState({ stats: sample(1200, 3_000_000) }));
    expect(statValue(document, 'bitrate')).toBe('1.20 Mb/s');
  });

  it('shares one window between the program and the stats, each going in and out on its own', async () => {
    setup();
    await click('program-pop-out');
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    expect(pip.opened[0]!.options).toEqual({ width: 640, height: 360 });
    await click('stats-pop-out');
    // Joined the open window: a second one would have closed the first (the browser's rule).
    expect(pip.opened).toHaveLength(1);
    expect(partsInWindow()).toEqual(['program', 'stats']);
    expect(pressed('program-pop-out')).toBe('true');
    expect(pressed('stats-pop-out')).toBe('true');

    await click('program-pop-out');
    expect(pip.opened[0]!.closed).toBe(false);
    expect(partsInWindow()).toEqual(['stats']);
    expect(screen.getByTestId('program-slot').contains(screen.getByTestId('program'))).toBe(true);
    expect(pressed('program-pop-out')).toBe('false');

    // Back in, it takes its place before the stats.
    await click('program-pop-out');
    expect(partsInWindow()).toEqual(['program', 'stats']);
    await click('program-pop-out');
    await click('stats-pop-out');
    expect(pip.opened[0]!.closed).toBe(true);
    expect(pip.opened).toHaveLength(1);
    expect(screen.getByTestId('stats-slot').contains(screen.getByTestId('stats-body'))).toBe(true);
  });

  it('brings every part back when the window closes, to its new place if it moved meanwhile', async () => {
    const { move } = setup();
    await click('stats-pop-out');
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    await click('program-pop-out');
    move('b');
    expect(partsInWindow()).toEqual(['program', 'stats']);
    act(() => pip.opened[0]!.close());
    expect(screen.getByTestId('place-b').querySelector('[data-testid="program"]')).not.toBeNull();
    expect(screen.getByTestId('stats-slot').contains(screen.getByTestId('stats-body'))).toBe(true);
    expect(pressed('program-pop-out')).toBe('false');
    expect(pressed('stats-pop-out')).toBe('false');
    expect(pip.opened[0]!.listenerCount('pagehide')).toBe(0);
  });

  it('leaves the stats in the page when the browser refuses the window', async () => {
    setup();
    pip.refuse = true;
    await click('stats-pop-out');
    expect(pip.opened).toHaveLength(0);
    expect(pressed('stats-pop-out')).toBe('false');
    expect(screen.getByTestId('stats-slot').contains(screen.getByTestId('stats-body'))).toBe(true);
    // A later click may still open it (the refusal did not leave it stuck "opening").
    pip.refuse = false;
    await click('stats-pop-out');
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
  });

  it('closes the window when the studio goes away', async () => {
    const { unmount } = setup();
    await click('stats-pop-out');
    await vi.waitFor(() => expect(pip.opened).toHaveLength(1));
    unmount();
    expect(pip.opened[0]!.closed).toBe(true);
  });
});
