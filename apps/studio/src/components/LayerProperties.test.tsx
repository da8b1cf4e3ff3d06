// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeController } from '../testing/fake-controller';
import { collection, layer, scene } from '../testing/scene-fixtures';
import { LayerProperties } from './LayerProperties';

function setup(selected: string | null = 'cam') {
  const fake = fakeController(
    collection(scene([layer('cam', { x: 0.25, y: 0.5, width: 0.5, height: 0.25, name: 'Camera' })])),
    { selectedLayerId: selected ?? undefined },
  );
  fake.render(<LayerProperties sceneId="scene-1" />);
  const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
  return { ...fake, input };
}

afterEach(cleanup);

describe('LayerProperties', () => {
  it('asks for a selection when there is none', () => {
    setup(null);
    expect(screen.getByTestId('layer-properties').textContent).toMatch(/Select a layer/);
  });

  it('shows the box in output pixels of the 720p frame', () => {
    const { input } = setup();
    expect([input('layer-x').value, input('layer-y').value]).toEqual(['320', '360']);
    expect([input('layer-width').value, input('layer-height').value]).toEqual(['640', '180']);
    expect(input('layer-opacity').value).toBe('100');
  });

  it('commits on change, not on each keystroke', () => {
    const { input, layer: current } = setup();
    fireEvent.input(input('layer-width'), { target: { value: '12' } });
    expect(current('cam')!.width).toBe(0.5);
    fireEvent.change(input('layer-width'), { target: { value: '128' } });
    expect(current('cam')!.width * 1280).toBeCloseTo(128);
    expect(input('layer-width').value).toBe('128');
  });

  it('shows the value as the scene ops clamped it', () => {
    const { input, layer: current } = setup();
    fireEvent.change(input('layer-opacity'), { target: { value: '150' } });
    expect(current('cam')!.opacity).toBe(1);
    expect(input('layer-opacity').value).toBe('100');
  });

  it("turns an empty entry into the scene ops' notice and changes nothing", () => {
    const { input, layer: current, store } = setup();
    fireEvent.change(input('layer-x'), { target: { value: '' } });
    expect(store.getState().notice).toMatch(/finite number/);
    expect(current('cam')!.x).toBe(0.25);
  });

  it('edits crop in percent, opacity by slider, visibility and lock', () => {
    const { input, layer: current } = setup();
    fireEvent.change(input('layer-crop-left'), { target: { value: '10' } });
    expect(current('cam')!.crop.left).toBeCloseTo(0.1);
    fireEvent.change(input('layer-opacity-slider'), { target: { value: '40' } });
    expect(current('cam')!.opacity).toBeCloseTo(0.4);
    fireEvent.click(input('layer-visible-check'));
    fireEvent.click(input('layer-locked-check'));
    expect(current('cam')).toMatchObject({ visible: false, locked: true });
  });

  it('adds, tunes and removes a chroma key', () => {
    const { input, layer: current } = setup();
    expect(screen.queryByTestId('chroma-color')).toBeNull();
    fireEvent.click(input('chroma-enabled'));
    expect(current('cam')!.chromaKey?.color).toBe('#00ff00');
    fireEvent.change(input('chroma-similarity'), { target: { value: '55' } });
    fireEvent.input(input('chroma-color'), { target: { value: '#0000ff' } });
    expect(current('cam')!.chromaKey).toMatchObject({ color: '#0000ff', similarity: 0.55 });
    fireEvent.click(input('chroma-enabled'));
    expect(current('cam')!.chromaKey).toBeUndefined();
  });
});
