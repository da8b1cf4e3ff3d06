import { describe, expect, it } from 'vitest';
import type { ColorSpec, SourceEntry } from '../scene/scene-types';
import { LiveColor } from './live-color';
import { LiveSourceBase } from './live-source';

const red: ColorSpec = { kind: 'color', color: '#ff0000' };

/** A source whose updates wait for the test to release them, and can fail; it holds one track. */
class Gated extends LiveSourceBase<ColorSpec> {
  readonly applied: string[] = [];
  readonly gates: (() => void)[] = [];
  release: () => void;
  constructor(
    entry: SourceEntry & { spec: ColorSpec },
    readonly track: EventTarget & { stop(): void; stopped: boolean },
  ) {
    super(entry);
    this.release = this.hold([track as unknown as MediaStreamTrack], 'unplugged');
  }
  protected async apply(next: ColorSpec): Promise<void> {
    await new Promise<void>((resolve) => this.gates.push(resolve));
    if (next.color === 'bad') throw new Error('cannot');
    this.applied.push(next.color);
    this.publish({ visual: { type: 'fill', fill: next } });
  }
}

function fakeTrack(): EventTarget & { stop(): void; stopped: boolean } {
  const target = new EventTarget() as EventTarget & { stop(): void; stopped: boolean };
  target.stopped = false;
  target.stop = () => void (target.stopped = true);
  return target;
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('LiveSourceBase', () => {
  it('applies updates one at a time in call order; a failed one leaves the spec and does not block the next', async () => {
    const source = new Gated({ id: 'a', name: 'A', spec: red }, fakeTrack());
    const first = source.update({ kind: 'color', color: 'one' });
    const bad = source.update({ kind: 'color', color: 'bad' });
    const third = source.update({ kind: 'color', color: 'three' });
    await flush();
    expect(source.gates).toHaveLength(1);
    source.gates[0]!();
    await first;
    expect(source.spec.color).toBe('one');
    await flush();
    source.gates[1]!();
    await expect(bad).rejects.toThrow('cannot');
    expect(source.spec.color).toBe('one');
    await flush();
    source.gates[2]!();
    await third;
    expect(source.applied).toEqual(['one', 'three']);
    expect(source.spec.color).toBe('three');
  });

  it('refuses to become another kind', async () => {
    const source = new LiveColor({ id: 'a', name: 'A', spec: red });
    await expect(source.update({ kind: 'pattern', audio: 'beep' })).rejects.toMatchObject({
      code: 'studio/invalid-source',
    });
    expect(source.visual).toEqual({ type: 'fill', fill: red });
  });

  it('emits ended when a held track ends by itself, stops held tracks on dispose, and forgets listeners', () => {
    const track = fakeTrack();
    const source = new Gated({ id: 'a', name: 'A', spec: red }, track);
    const ended: string[] = [];
    source.on('ended', ({ reason }) => ended.push(reason));
    track.dispatchEvent(new Event('ended'));
    expect(ended).toEqual(['unplugged']);
    source.dispose();
    expect(track.stopped).toBe(true);
    track.dispatchEvent(new Event('ended'));
    expect(ended).toEqual(['unplugged']);
    expect(source.visual).toBeUndefined();
  });

  it('releases a held track early (a reopen) without reporting it as ended', () => {
    const track = fakeTrack();
    const source = new Gated({ id: 'a', name: 'A', spec: red }, track);
    const ended: string[] = [];
    source.on('ended', ({ reason }) => ended.push(reason));
    source.release();
    expect(track.stopped).toBe(true);
    track.dispatchEvent(new Event('ended'));
    expect(ended).toEqual([]);
    source.dispose();
  });

  it('ignores updates after dispose', async () => {
    const source = new LiveColor({ id: 'a', name: 'A', spec: red });
    const changes: unknown[] = [];
    source.on('change', (s) => changes.push(s));
    source.dispose();
    await source.update({ kind: 'color', color: '#00ff00' });
    expect(changes).toEqual([]);
    expect(source.spec).toEqual(red);
  });
});
