import { describe, expect, it } from 'vitest';
import { SourceStore, type FrameImage } from './source-store';

/** A stand-in for a VideoFrame: its size and whether it was closed. */
function fakeFrame(width = 640, height = 360): FrameImage & { closed: boolean } {
  const frame = {
    displayWidth: width,
    displayHeight: height,
    closed: false,
    close() {
      frame.closed = true;
    },
  };
  return frame as unknown as FrameImage & { closed: boolean };
}

function streamOf(): { stream: ReadableStream<VideoFrame>; push(f: unknown): void; end(): void } {
  let controller!: ReadableStreamDefaultController<VideoFrame>;
  const stream = new ReadableStream<VideoFrame>(
    { start: (c) => void (controller = c) },
    { highWaterMark: 0 },
  );
  return { stream, push: (f) => controller.enqueue(f as VideoFrame), end: () => controller.close() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SourceStore', () => {
  it('keeps only the newest frame of a stream and closes the rest', async () => {
    const store = new SourceStore(() => undefined);
    const { stream, push } = streamOf();
    store.set('cam', { type: 'stream', stream });
    expect(store.get('cam')).toBeUndefined();
    const frames = [fakeFrame(), fakeFrame(), fakeFrame(1280, 720)];
    for (const frame of frames) push(frame);
    await tick();
    const drawable = store.get('cam');
    expect(drawable).toMatchObject({ type: 'image', width: 1280, height: 720 });
    expect(frames.map((f) => f.closed)).toEqual([true, true, false]);
    store.dispose();
    expect(frames[2]!.closed).toBe(true);
  });

  it('draws nothing once the stream ends (the track ended)', async () => {
    const store = new SourceStore(() => undefined);
    const { stream, push, end } = streamOf();
    store.set('cam', { type: 'stream', stream });
    const frame = fakeFrame();
    push(frame);
    await tick();
    expect(store.get('cam')).toBeDefined();
    end();
    await tick();
    expect(store.get('cam')).toBeUndefined();
    expect(frame.closed).toBe(true);
    expect(store.has('cam')).toBe(true);
  });

  it('gives every new picture a new version, across sources', () => {
    const store = new SourceStore(() => undefined);
    store.set('a', { type: 'pushed' });
    store.push('a', fakeFrame());
    const first = store.get('a')!.version;
    store.push('a', fakeFrame());
    expect(store.get('a')!.version).toBeGreaterThan(first);
    store.set('b', { type: 'fill', fill: { kind: 'color', color: '#fff' } });
    expect(store.get('b')!.version).toBeGreaterThan(store.get('a')!.version);
  });

  it('closes what a source showed when it is replaced or cleared, and stops reading its stream', async () => {
    const store = new SourceStore(() => undefined);
    const bitmap = fakeFrame();
    store.set('logo', { type: 'bitmap', bitmap: bitmap as unknown as ImageBitmap });
    store.set('logo', { type: 'fill', fill: { kind: 'color', color: '#000' } });
    expect(bitmap.closed).toBe(true);
    const { stream, push } = streamOf();
    store.set('cam', { type: 'stream', stream });
    store.set('cam', undefined);
    await tick();
    const late = fakeFrame();
    expect(() => push(late)).toThrow();
    expect(store.has('cam')).toBe(false);
  });

  it('closes pushed frames for a source that is not fed that way', () => {
    const store = new SourceStore(() => undefined);
    const frame = fakeFrame();
    store.push('nobody', frame);
    expect(frame.closed).toBe(true);
  });

  it('reports a stream that fails', async () => {
    const errors: string[] = [];
    const store = new SourceStore((id) => errors.push(id));
    const stream = new ReadableStream<VideoFrame>({ pull: (c) => c.error(new Error('boom')) });
    store.set('cam', { type: 'stream', stream });
    await tick();
    expect(errors).toEqual(['cam']);
  });
});
