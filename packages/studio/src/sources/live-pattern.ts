import type { PatternSpec, SourceEntry } from '../scene/scene-types';
import { TestPatternSource } from '../test-pattern-source';
import { LiveSourceBase } from './live-source';

export interface PatternSize {
  width: number;
  height: number;
  frameRate: number;
}

/** The test pattern (bars, clock, timecode strip) and its beep, as a scene source. */
export class LivePattern extends LiveSourceBase<PatternSpec> {
  private pattern: TestPatternSource | undefined;
  private detach: () => void = () => undefined;

  constructor(
    entry: SourceEntry & { spec: PatternSpec },
    private readonly size: PatternSize = { width: 1280, height: 720, frameRate: 30 },
  ) {
    super(entry);
    this.start(entry.spec);
    this.teardown.add(() => {
      this.detach();
      this.pattern?.dispose();
    });
  }

  /** Starts the beep if the autoplay policy held it back; call from a user gesture. */
  resumeAudio(): Promise<void> {
    return this.pattern?.resumeAudio() ?? Promise.resolve();
  }

  /** Beep or silence is a new tone track: a new pattern, swapped in before the old one stops. */
  protected apply(next: PatternSpec, previous: PatternSpec): Promise<void> {
    if (next.audio !== previous.audio) this.start(next);
    return Promise.resolve();
  }

  private start(spec: PatternSpec): void {
    const pattern = new TestPatternSource({ ...this.size, audio: spec.audio });
    const previous = this.pattern;
    const detachPrevious = this.detach;
    this.pattern = pattern;
    const off = [
      pattern.on('ended', ({ kind }) =>
        this.events.emit('ended', { reason: `the pattern's ${kind} track ended` }),
      ),
      pattern.on('error', (error) => this.events.emit('error', error)),
    ];
    this.detach = () => off.forEach((stop) => stop());
    this.publish({
      visual: { type: 'track', track: pattern.stream.getVideoTracks()[0]! },
      audio: pattern.stream.getAudioTracks()[0],
      aspect: this.size.width / this.size.height,
    });
    detachPrevious();
    previous?.dispose();
  }
}
