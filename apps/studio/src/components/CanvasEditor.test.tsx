// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeController } from '../testing/fake-controller';
import { collection, layer, scene } from '../testing/scene-fixtures';
import { CanvasEditor } from './CanvasEditor';

const FRAME = { width: 1280, height: 720 };
// The editor box: 640 × 480 CSS px at (100, 50). The 16:9 picture is 640 × 360 with 60 px bars
// above and below, so 1 CSS px is 2 output px and the frame's origin is at client (100, 110).
const BOX = { left: 100, top: 50, width: 640, height: 480 };
const client = (x: number, y: number) => ({ clientX: BOX.left + x / 2, clientY: BOX.top + 60 + y / 2 });

function setup(selected?: string) {
  // A locked full-frame background, and a logo box at (320, 180) px, 320 × 180 px.
  const fake = fakeController(
    collection(
      scene([
        layer('back', { locked: true }),
        layer('logo', { x: 0.25, y: 0.25, width: 0.25, height: 0.25, name: 'Logo' }),
      ]),
    ),
    { selectedLayerId: selected },
  );
  fake.render(
    <CanvasEditor sceneId="scene-1" frame={FRAME}>
      <canvas />
    </CanvasEditor>,
  );
  return { ...fake, editor: screen.getByTestId('canvas-editor') };
}

function drag(editor: HTMLElement, from: { x: number; y: number }, to: { x: number; y: number }, init = {}) {
  fireEvent.pointerDown(editor, { ...client(from.x, from.y), button: 0, pointerId: 1, ...init });
  fireEvent.pointerMove(editor, { ...client(to.x, to.y), pointerId: 1, ...init });
}

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    ...BOX,
    right: BOX.left + BOX.width,
    bottom: BOX.top + BOX.height,
    x: BOX.left,
    y: BOX.top,
    toJSON: () => ({}),
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('CanvasEditor pointer', () => {
  it('selects the layer under a click and moves it by the dragged output px', () => {
    const { editor, store, layer: current } = setup();
    drag(editor, { x: 480, y: 270 }, { x: 580, y: 310 });
    expect(store.getState().selectedLayerId).toBe('logo');
    expect(current('logo')!.x * 1280).toBeCloseTo(420);
    expect(current('logo')!.y * 720).toBeCloseTo(220);
    fireEvent.pointerUp(editor, { ...client(580, 310), pointerId: 1 });
    // Moves after the release change nothing.
    fireEvent.pointerMove(editor, { ...client(700, 400), pointerId: 1 });
    expect(current('logo')!.x * 1280).toBeCloseTo(420);
  });

  it('selects without moving on a click (no drag past the dead zone)', () => {
    const { editor, store, layer: current } = setup();
    drag(editor, { x: 480, y: 270 }, { x: 482, y: 270 });
    expect(store.getState().selectedLayerId).toBe('logo');
    expect(current('logo')!.x).toBe(0.25);
  });

  it('deselects on a click where no unlocked layer is', () => {
    const { editor, store } = setup('logo');
    fireEvent.pointerDown(editor, { ...client(100, 100), button: 0, pointerId: 1 });
    expect(store.getState().selectedLayerId).toBeUndefined();
    expect(screen.queryByTestId('selection')).toBeNull();
  });

  it('draws a guide while the layer snaps to the centre line, none after', () => {
    const { editor, layer: current } = setup();
    // 157 px right puts the logo's centre at 637: it snaps to 640.
    drag(editor, { x: 480, y: 270 }, { x: 637, y: 270 });
    expect(current('logo')!.x * 1280).toBeCloseTo(480);
    expect(screen.getAllByTestId('snap-guide').length).toBeGreaterThan(0);
    fireEvent.pointerUp(editor, { ...client(637, 270), pointerId: 1 });
    expect(screen.queryAllByTestId('snap-guide')).toHaveLength(0);
  });

  it('resizes from a handle of the selected layer', () => {
    const { editor, layer: current } = setup('logo');
    drag(editor, { x: 640, y: 360 }, { x: 680, y: 380 });
    expect(current('logo')!.width * 1280).toBeCloseTo(360);
    expect(current('logo')!.height * 720).toBeCloseTo(200);
    expect(current('logo')!.x).toBe(0.25);
  });

  it('crops with Alt on a handle', () => {
    const { editor, layer: current } = setup('logo');
    drag(editor, { x: 320, y: 270 }, { x: 352, y: 270 }, { altKey: true });
    expect(current('logo')!.crop.left).toBeCloseTo(0.1);
    expect(current('logo')!.x * 1280).toBeCloseTo(352);
  });
});

describe('CanvasEditor keyboard', () => {
  it('nudges with the arrows, 10 px with Shift', () => {
    const { editor, layer: current } = setup('logo');
    fireEvent.keyDown(editor, { key: 'ArrowRight' });
    expect(current('logo')!.x * 1280).toBeCloseTo(321);
    fireEvent.keyDown(editor, { key: 'ArrowDown', shiftKey: true });
    expect(current('logo')!.y * 720).toBeCloseTo(190);
  });

  it('does not nudge a locked layer', () => {
    const { editor, layer: current } = setup('back');
    fireEvent.keyDown(editor, { key: 'ArrowRight' });
    expect(current('back')!.x).toBe(0);
  });

  it('removes with Delete, deselects with Escape, duplicates with Ctrl+D', () => {
    const { editor, store, layer: current } = setup('logo');
    fireEvent.keyDown(editor, { key: 'd', ctrlKey: true });
    const copy = store.getState().selectedLayerId!;
    expect(copy).not.toBe('logo');
    expect(current(copy)!.name).toBe('Logo');
    fireEvent.keyDown(editor, { key: 'Delete' });
    expect(current(copy)).toBeUndefined();
    expect(store.getState().selectedLayerId).toBeUndefined();
    act(() => store.setState({ selectedLayerId: 'logo' }));
    fireEvent.keyDown(editor, { key: 'Escape' });
    expect(store.getState().selectedLayerId).toBeUndefined();
    expect(current('logo')).toBeDefined();
  });
});

describe('CanvasEditor drawing', () => {
  it('outlines the selection with its name, eight resize handles and a rotation handle', () => {
    setup('logo');
    expect(screen.getByTestId('selection').getAttribute('data-layer-id')).toBe('logo');
    expect(screen.getByTestId('selection-label').textContent).toBe('Logo');
    expect(document.querySelectorAll('[data-testid^="handle-"]')).toHaveLength(9);
    expect(screen.getByTestId('handle-se').querySelector('title')?.textContent).toMatch(/Alt: crop/);
  });

  it('shows a locked layer without handles', () => {
    setup('back');
    expect(screen.getByTestId('selection').getAttribute('data-locked')).toBe('true');
    expect(screen.getByTestId('selection-label').textContent).toBe('back (locked)');
    expect(document.querySelectorAll('[data-testid^="handle-"]')).toHaveLength(0);
  });

  it('is a focusable, labelled control', () => {
    const { editor } = setup();
    expect(editor.tabIndex).toBe(0);
    expect(editor.getAttribute('aria-label')).toMatch(/Scene editor/);
  });
});
