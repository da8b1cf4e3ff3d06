// @vitest-environment happy-dom
import { StudioError, type SourceEntry, type SourceStatus } from '@brume/studio';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeController } from '../testing/fake-controller';
import { collection, layer, scene } from '../testing/scene-fixtures';
import { SourceProperties } from './SourceProperties';

const TEXT: SourceEntry = {
  id: 'src-title',
  name: 'Title',
  spec: {
    kind: 'text',
    text: 'Hello',
    fontFamily: 'Arial, Helvetica, sans-serif',
    fontSizePx: 48,
    bold: false,
    color: '#ffffff',
    align: 'left',
    style: 'plain',
  },
};
const CAMERA: SourceEntry = { id: 'src-cam', name: 'Camera', spec: { kind: 'camera' } };
const GUEST: SourceEntry = { id: 'src-guest', name: 'Guest', spec: { kind: 'guest', stream: 'alice' } };
const IMAGE: SourceEntry = {
  id: 'src-logo',
  name: 'Logo',
  spec: { kind: 'image', url: 'https://x.test/a.png' },
};

function setup(selected: string, status: Record<string, SourceStatus> = {}) {
  const c = collection(scene([layer('title'), layer('cam'), layer('guest'), layer('logo')]));
  c.sources = [TEXT, CAMERA, GUEST, IMAGE];
  const fake = fakeController(c, {
    selectedLayerId: selected,
    sourceStatus: status,
    devices: {
      cameras: [
        { deviceId: 'front', label: 'Front camera' },
        { deviceId: 'usb', label: 'USB camera' },
      ],
      microphones: [],
      speakers: [],
    },
  });
  fake.render(<SourceProperties />);
  const source = (id: string) => fake.store.getState().collection!.sources.find((s) => s.id === id)!;
  const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
  return { ...fake, source, field };
}

afterEach(cleanup);

describe('SourceProperties', () => {
  it("edits the selected layer's source: name and text fields", () => {
    const { field, source } = setup('title');
    fireEvent.change(field('source-name'), { target: { value: 'Lower third' } });
    expect(source('src-title').name).toBe('Lower third');
    fireEvent.change(field('text-text'), { target: { value: 'Live now' } });
    fireEvent.change(field('text-size'), { target: { value: '64' } });
    fireEvent.change(field('text-style'), { target: { value: 'lower-third' } });
    expect(source('src-title').spec).toMatchObject({
      text: 'Live now',
      fontSizePx: 64,
      style: 'lower-third',
    });
    // The accent colour appears for a lower third only.
    expect(screen.getByTestId('text-accent')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Background box'));
    expect(source('src-title').spec).toMatchObject({ background: { color: '#000000b3' } });
    // The picker keeps the box's transparency.
    fireEvent.input(field('text-background-color'), { target: { value: '#ff0000' } });
    expect(source('src-title').spec).toMatchObject({ background: { color: '#ff0000b3' } });
  });

  it('picks a camera and its resolution and frame rate', () => {
    const { field, source } = setup('cam');
    expect(
      Array.from((field('camera-device') as unknown as HTMLSelectElement).options, (o) => o.text),
    ).toEqual(['System default', 'Front camera', 'USB camera']);
    fireEvent.change(field('camera-device'), { target: { value: 'usb' } });
    fireEvent.change(field('camera-resolution'), { target: { value: '1080p' } });
    fireEvent.change(field('camera-fps'), { target: { value: '60' } });
    expect(source('src-cam').spec).toEqual({
      kind: 'camera',
      deviceId: 'usb',
      width: 1920,
      height: 1080,
      frameRate: 60,
    });
    fireEvent.change(field('camera-device'), { target: { value: '' } });
    expect(source('src-cam').spec).not.toHaveProperty('deviceId');
  });

  it('shows a refused value as the notice and keeps the source', () => {
    const { field, source, store } = setup('guest');
    fireEvent.change(field('guest-stream'), { target: { value: 'no spaces allowed' } });
    expect(store.getState().notice).toMatch(/stream name/);
    expect(source('src-guest').spec).toEqual({ kind: 'guest', stream: 'alice' });
  });

  it('shows the status, with Retry for an error', () => {
    const error = new StudioError('studio/permission-denied', 'Allow the camera in the address bar.');
    const { store, calls } = setup('cam', { 'src-cam': { state: 'error', error } });
    const status = screen.getByTestId('source-status');
    expect(status.getAttribute('data-state')).toBe('error');
    expect(status.textContent).toMatch(/Allow the camera/);
    fireEvent.click(screen.getByText('Retry'));
    expect(calls.retrySource).toEqual(['src-cam']);
    act(() => store.setState({ sourceStatus: { 'src-cam': { state: 'live' } } }));
    expect(screen.getByTestId('source-status').textContent).toBe('Live');
    expect(screen.queryByText('Retry')).toBeNull();
  });

  it('replaces an image from a picked file through the controller', () => {
    const { field, calls } = setup('logo');
    const file = new File(['x'], 'logo.png', { type: 'image/png' });
    fireEvent.change(field('media-file'), { target: { files: [file] } });
    expect(calls.replaceFile).toEqual([['src-logo', file]]);
  });

  it('asks for a selection when there is none', () => {
    const fake = fakeController(collection(scene([layer('a')])));
    fake.render(<SourceProperties />);
    expect(screen.getByTestId('source-properties').textContent).toMatch(/Select a layer/);
  });
});
