// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeController } from '../testing/fake-controller';
import { collection, layer, scene } from '../testing/scene-fixtures';
import { LayersPanel } from './LayersPanel';

function setup(selected?: string) {
  const fake = fakeController(
    collection(
      scene([
        layer('back', { name: 'Background' }),
        layer('cam', { x: 0.25, y: 0.25, width: 0.25, height: 0.25, name: 'Camera' }),
        layer('title', { x: 0.1, y: 0.8, width: 0.5, height: 0.1, name: 'Title' }),
      ]),
    ),
    { selectedLayerId: selected },
  );
  fake.render(<LayersPanel sceneId="scene-1" />);
  const rows = () => screen.getAllByTestId('layer-row');
  const row = (id: string) => rows().find((r) => r.getAttribute('data-layer-id') === id)!;
  const order = () => fake.store.getState().collection!.scenes[0]!.layers.map((l) => l.id);
  return { ...fake, rows, row, order };
}

afterEach(cleanup);

describe('LayersPanel rows', () => {
  it('lists the layers topmost first and marks the selected one', () => {
    const { rows } = setup('cam');
    expect(rows().map((r) => r.getAttribute('data-layer-id'))).toEqual(['title', 'cam', 'back']);
    expect(rows().map((r) => r.getAttribute('data-selected'))).toEqual(['false', 'true', 'false']);
    expect(within(rows()[0]!).getByText('Title')).toBeTruthy();
  });

  it('selects a layer on click', () => {
    const { row, store } = setup();
    fireEvent.click(within(row('back')).getByText('Background'));
    expect(store.getState().selectedLayerId).toBe('back');
    expect(row('back').getAttribute('data-selected')).toBe('true');
  });

  it('toggles visibility and lock without selecting', () => {
    const { row, layer: current, store } = setup();
    fireEvent.click(within(row('cam')).getByTestId('layer-visible'));
    expect(current('cam')!.visible).toBe(false);
    expect(within(row('cam')).getByTestId('layer-visible').getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(within(row('cam')).getByTestId('layer-lock'));
    expect(current('cam')!.locked).toBe(true);
    fireEvent.click(within(row('cam')).getByTestId('layer-lock'));
    expect(current('cam')!.locked).toBe(false);
    expect(store.getState().selectedLayerId).toBeUndefined();
  });

  it('moves layers up and down the stack', () => {
    const { row, order } = setup();
    expect((within(row('title')).getByTestId('layer-up') as HTMLButtonElement).disabled).toBe(true);
    expect((within(row('back')).getByTestId('layer-down') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(row('back')).getByTestId('layer-up'));
    expect(order()).toEqual(['cam', 'back', 'title']);
    fireEvent.click(within(row('title')).getByTestId('layer-down'));
    expect(order()).toEqual(['cam', 'title', 'back']);
  });

  it('duplicates (selecting the copy) and deletes (clearing the selection)', () => {
    const { row, order, store } = setup('cam');
    fireEvent.click(within(row('cam')).getByTestId('layer-duplicate'));
    const copy = store.getState().selectedLayerId!;
    expect(order()).toEqual(['back', 'cam', copy, 'title']);
    fireEvent.click(within(row(copy)).getByTestId('layer-delete'));
    expect(order()).toEqual(['back', 'cam', 'title']);
    expect(store.getState().selectedLayerId).toBeUndefined();
  });

  it('renames on double-click: Enter commits, Escape cancels', () => {
    const { row, layer: current } = setup();
    fireEvent.doubleClick(within(row('cam')).getByText('Camera'));
    const input = within(row('cam')).getByLabelText('Layer name');
    fireEvent.change(input, { target: { value: '  Host  ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(current('cam')!.name).toBe('Host');
    fireEvent.doubleClick(within(row('cam')).getByText('Host'));
    const again = within(row('cam')).getByLabelText('Layer name');
    fireEvent.change(again, { target: { value: 'Nope' } });
    fireEvent.keyDown(again, { key: 'Escape' });
    expect(current('cam')!.name).toBe('Host');
    expect(within(row('cam')).queryByLabelText('Layer name')).toBeNull();
  });
});

describe('LayersPanel layout presets', () => {
  it('fills the frame with the selected layer', () => {
    const { layer: current } = setup('cam');
    fireEvent.click(screen.getByTestId('layout-full'));
    expect(current('cam')).toMatchObject({ x: 0, y: 0, width: 1, height: 1 });
    // The other layers are left where they were.
    expect(current('title')).toMatchObject({ x: 0.1, y: 0.8 });
  });

  it("insets the next layer in a corner with the source's real aspect from the engine", () => {
    const { layer: current, aspects } = setup('back');
    aspects['src-cam'] = 1; // a square camera, though its box is 16:9
    fireEvent.click(screen.getByTestId('layout-pip-bottom-right'));
    const cam = current('cam')!;
    expect(current('back')).toMatchObject({ x: 0, y: 0, width: 1, height: 1 });
    expect(cam.width * 1280).toBeCloseTo(cam.height * 720);
    expect(cam.x + cam.width).toBeCloseTo(0.97);
    expect(cam.y + cam.height).toBeGreaterThan(0.9);
  });

  it('keeps the bottom layer as the main picture for a corner inset, even with another layer selected', () => {
    const { layer: current } = setup('cam');
    fireEvent.click(screen.getByTestId('layout-pip-top-right'));
    expect(current('back')).toMatchObject({ x: 0, y: 0, width: 1, height: 1 });
    expect(current('cam')!.width).toBeLessThan(0.5);
  });

  it('offers every preset', () => {
    setup();
    expect(screen.getAllByRole('button').filter((b) => b.dataset.testid?.startsWith('layout-'))).toHaveLength(
      7,
    );
  });
});
