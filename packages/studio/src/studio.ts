import { AudioMixer, type MixerLevels } from './audio/audio-mixer';
import { Compositor, type CompositorStats } from './compositor/compositor';
import type { RendererPreference } from './compositor/compositor-messages';
import type { Visual } from './compositor/visual';
import { Emitter, type ErrorEvents, type Listener } from './emitter';
import { Publisher, type PublisherOptions, type PublisherState } from './publisher';
import type { PublisherStats } from './publisher-stats';
import {
  ProgramRecorder,
  type RecorderState,
  type RecordingFormat,
  type RecordingProgress,
  type RecordingResult,
} from './recording/program-recorder';
import { outputFormat } from './scene/scene-limits';
import { setProgramScene, setPreviewScene, takePreview } from './scene/scene-ops';
import type { AudioSettings, Scene, SceneCollection, SourceEntry } from './scene/scene-types';
import type { LiveSource } from './sources/live-source';
import type { ResolveUrl } from './sources/media-url';
import { openSource as openLiveSource, type OpenSourceOptions } from './sources/open-source';
import { StudioError } from './studio-error';
import { Teardown } from './teardown';

/** How one source of the collection is doing, for the sources panel. */
export type SourceStatus =
  | { state: 'opening' }
  | { state: 'live' }
  /** A guest whose stream is not live yet, or dropped: it retries by itself. */
  | { state: 'waiting' }
  | { state: 'error'; error: StudioError }
  | { state: 'ended'; reason: string };

/** What `goLive` takes: the stream and how to encode it. */
export type GoLiveOptions = Pick<
  PublisherOptions,
  'stream' | 'token' | 'videoCodec' | 'maxVideoBitrate' | 'keyframeIntervalMs' | 'simulcast'
>;

export interface StudioEvents extends ErrorEvents {
  /** The document changed (an edit, a take, a scene switch). */
  collection: SceneCollection;
  /** A source's status changed. */
  source: { id: string; status: SourceStatus };
  publisher: { state: PublisherState; previous: PublisherState; error?: StudioError };
  /** The encoder's stats each second while live. */
  stats: PublisherStats;
  /** The compositor's stats each second. */
  render: CompositorStats;
  /** Audio levels, about 30 times a second. */
  levels: MixerLevels;
  recording: { state: RecorderState; progress?: RecordingProgress };
  /** The finished local recording, ready to download. */
  recorded: RecordingResult;
  /** A transition started (`running: true`) or finished. */
  transition: { running: boolean; to: string };
}

export interface StudioOptions {
  collection: SceneCollection;
  /** The relay origin for WHIP and guests; defaults to this page's origin. */
  server?: string;
  /** Turns `blob-store:` URLs of picked files into loadable ones. */
  resolveUrl?: ResolveUrl;
  renderer?: RendererPreference;
  /** Seam for tests: how a source of the collection is realised. */
  openSource?: (entry: SourceEntry, options: OpenSourceOptions) => Promise<LiveSource>;
}

interface SourceSlot {
  entry: SourceEntry;
  live: LiveSource | undefined;
  status: SourceStatus;
  /** The visual handed to the compositor last (bitmaps are handed over once). */
  visual: Visual | undefined;
  audio: MediaStreamTrack | undefined;
  teardown: Teardown;
}

/**
 * The studio engine: realises a `SceneCollection` — opens its sources, composites the program (and
 * the preview in studio mode), mixes the sound — and publishes or records the program. The app edits
 * the collection with the pure scene operations and hands each new version to `update`; the studio
 * works out what changed. Scene switches and takes run the collection's transition.
 *
 * Sound follows the picture, as in OBS: a source's audio is sent while one of its layers is visible
 * in the program scene; microphones (no picture) are always sent. Muting is the mixer's.
 */
export class Studio {
  private readonly events = new Emitter<StudioEvents>();
  private readonly teardown = new Teardown();
  private readonly slots = new Map<string, SourceSlot>();
  private current: SceneCollection;
  private publisher: Publisher | undefined;
  private recorder: ProgramRecorder | undefined;
  private transitioning: Promise<void> | undefined;
  private disposed = false;
  readonly program: MediaStream;

  static async create(options: StudioOptions): Promise<Studio> {
    const format = outputFormat(options.collection.output.preset);
    const compositor = await Compositor.create({
      width: format.width,
      height: format.height,
      frameRate: format.frameRate,
      ...(options.renderer ? { renderer: options.renderer } : {}),
    });
    let mixer: AudioMixer;
    try {
      mixer = await AudioMixer.create();
    } catch (error) {
      compositor.dispose();
      throw error;
    }
    return new Studio(options, compositor, mixer);
  }

  private constructor(
    private readonly options: StudioOptions,
    readonly compositor: Compositor,
    readonly mixer: AudioMixer,
  ) {
    this.current = options.collection;
    this.program = new MediaStream([compositor.output, mixer.output]);
    this.teardown.add(() => compositor.dispose());
    this.teardown.add(() => mixer.dispose());
    this.teardown.add(compositor.on('stats', (stats) => this.events.emit('render', stats)));
    this.teardown.add(compositor.on('error', (error) => this.events.emit('error', error)));
    this.teardown.add(mixer.on('levels', (levels) => this.events.emit('levels', levels)));
    this.teardown.add(mixer.on('error', (error) => this.events.emit('error', error)));
    this.apply(options.collection, undefined);
  }

  get collection(): SceneCollection {
    return this.current;
  }

  get publisherState(): PublisherState {
    return this.publisher?.state ?? 'idle';
  }

  get activePublisher(): Publisher | undefined {
    return this.publisher;
  }

  get recorderState(): RecorderState {
    return this.recorder?.state ?? 'idle';
  }

  sourceStatus(id: string): SourceStatus | undefined {
    return this.slots.get(id)?.status;
  }

  /** Every source's status now (sources start opening as soon as the studio is created). */
  sourceStatuses(): Record<string, SourceStatus> {
    return Object.fromEntries([...this.slots].map(([id, slot]) => [id, slot.status]));
  }

  /** Width / height of a source's picture once known (a new layer's default box keeps it). */
  sourceAspect(id: string): number | undefined {
    return this.slots.get(id)?.live?.aspect;
  }

  on<K extends keyof StudioEvents>(type: K, listener: Listener<StudioEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  /**
   * Takes a new version of the document. A changed `programSceneId` cuts (use `switchScene` for a
   * transition); everything else — sources, layers, audio, output — is applied as it is.
   */
  update(next: SceneCollection | ((current: SceneCollection) => SceneCollection)): void {
    if (this.disposed) return;
    const previous = this.current;
    const value = typeof next === 'function' ? next(previous) : next;
    if (value === previous) return;
    this.current = value;
    this.apply(value, previous);
    this.events.emit('collection', value);
  }

  /**
   * Outside studio mode: puts `sceneId` on air with the collection's transition. In studio mode it
   * only selects the preview (Take puts it on air).
   */
  async switchScene(sceneId: string): Promise<void> {
    if (this.current.previewSceneId !== undefined) {
      this.update((c) => setPreviewScene(c, sceneId));
      return;
    }
    if (sceneId === this.current.programSceneId) return;
    await this.runTransition(sceneId, (c) => setProgramScene(c, sceneId));
  }

  /** Studio mode: the preview goes on air with the transition; the old program becomes the preview. */
  async take(): Promise<void> {
    const previewId = this.current.previewSceneId;
    if (previewId === undefined || previewId === this.current.programSceneId) return;
    await this.runTransition(previewId, (c) => takePreview(c));
  }

  /** From a user gesture: lets the audio clock (and test tones) start under the autoplay policy. */
  async resumeAudio(): Promise<void> {
    await this.mixer.resume();
  }

  /** Publishes the program over WHIP; resolves when live, rejects with a StudioError. */
  async goLive(options: GoLiveOptions): Promise<void> {
    if (this.publisher && this.publisher.state !== 'idle' && this.publisher.state !== 'error') {
      throw new StudioError('studio/already-publishing', 'The studio is already live. Stop it first.');
    }
    void this.resumeAudio();
    this.publisher?.dispose();
    const publisher = new Publisher({
      ...options,
      ...(this.options.server ? { server: this.options.server } : {}),
    });
    this.publisher = publisher;
    publisher.on('state', (event) => {
      if (publisher === this.publisher) this.events.emit('publisher', event);
    });
    publisher.on('stats', (stats) => {
      if (publisher === this.publisher) this.events.emit('stats', stats);
    });
    publisher.on('error', (error) => this.events.emit('error', error));
    await publisher.publish(this.program);
  }

  async stop(): Promise<void> {
    await this.publisher?.stop();
  }

  /** The max video bitrate (bit/s) of the running publish, changed without renegotiating. */
  async setMaxVideoBitrate(bitsPerSecond: number | undefined): Promise<void> {
    await this.publisher?.setMaxVideoBitrate(bitsPerSecond);
  }

  /** Records the program locally (independent of the stream's codec); `stopRecording` gives the file. */
  async startRecording(format: RecordingFormat): Promise<void> {
    if (this.recorder && (this.recorder.state === 'recording' || this.recorder.state === 'starting')) return;
    this.recorder?.dispose();
    const recorder = new ProgramRecorder({
      video: this.compositor.output,
      audio: this.mixer.output,
      format,
    });
    this.recorder = recorder;
    recorder.on('state', ({ state }) => {
      if (recorder === this.recorder) this.events.emit('recording', { state });
    });
    recorder.on('progress', (progress) => {
      if (recorder === this.recorder) this.events.emit('recording', { state: recorder.state, progress });
    });
    recorder.on('stopped', (result) => this.events.emit('recorded', result));
    recorder.on('error', (error) => this.events.emit('error', error));
    await recorder.start();
  }

  async stopRecording(): Promise<RecordingResult | undefined> {
    return this.recorder?.stop();
  }

  /** Shows the preview scene (studio mode) on this canvas; the compositor draws into it. */
  attachPreview(canvas: HTMLCanvasElement): void {
    this.compositor.attachPreview(canvas);
  }

  /** Opens a source again after an error (a denied camera the user has since allowed). */
  retrySource(id: string): void {
    const slot = this.slots.get(id);
    if (!slot || slot.status.state === 'opening' || slot.status.state === 'live') return;
    this.closeSlot(slot);
    this.slots.delete(id);
    this.openSlot(slot.entry);
    this.syncAudio();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.publisher?.dispose();
    this.recorder?.dispose();
    for (const slot of this.slots.values()) this.closeSlot(slot);
    this.slots.clear();
    this.teardown.run();
    for (const track of this.program.getTracks()) this.program.removeTrack(track);
    this.events.clear();
  }

  private async runTransition(
    toSceneId: string,
    commit: (c: SceneCollection) => SceneCollection,
  ): Promise<void> {
    // One transition at a time: a second request waits for the running one, then goes from there.
    while (this.transitioning) await this.transitioning;
    const scene = findScene(this.current, toSceneId);
    if (!scene || this.disposed) return;
    const spec = this.current.transition;
    this.events.emit('transition', { running: true, to: toSceneId });
    const run = (async () => {
      try {
        await this.compositor.transition(scene, spec);
      } finally {
        this.transitioning = undefined;
      }
    })();
    this.transitioning = run;
    try {
      await run;
    } finally {
      if (!this.disposed) {
        this.update(commit);
        // Edits made to the incoming scene while it was transitioning in.
        const program = findScene(this.current, this.current.programSceneId);
        if (program) this.compositor.setProgram(program);
        this.events.emit('transition', { running: false, to: toSceneId });
      }
    }
  }

  private apply(next: SceneCollection, previous: SceneCollection | undefined): void {
    this.applySources(next);
    if (next.output.preset !== previous?.output.preset) {
      const format = outputFormat(next.output.preset);
      this.compositor.setOutput({ width: format.width, height: format.height, frameRate: format.frameRate });
      if (previous) this.resizeSources(format.height);
    }
    const program = findScene(next, next.programSceneId);
    // During a transition the compositor owns the program; runTransition sets the result after.
    if (program && !this.transitioning && program !== findScene(previous, previous?.programSceneId)) {
      this.compositor.setProgram(program);
    }
    const preview = next.previewSceneId === undefined ? undefined : findScene(next, next.previewSceneId);
    const previousPreview =
      previous?.previewSceneId === undefined ? undefined : findScene(previous, previous.previewSceneId);
    if (preview !== previousPreview || previous === undefined) this.compositor.setPreview(preview);
    if (next.audio.monitorDeviceId !== previous?.audio.monitorDeviceId) {
      this.mixer.setMonitorDevice(next.audio.monitorDeviceId).catch((error: unknown) => {
        this.events.emit('error', StudioError.wrap(error, 'studio/audio-failed', 'The monitor device'));
      });
    }
    this.syncAudio();
  }

  /** Sources drawn at the output's scale (text) redraw for the new output height. */
  private resizeSources(height: number): void {
    for (const slot of this.slots.values()) {
      slot.live?.setOutputHeight?.(height).catch((error: unknown) => {
        this.setStatus(slot, {
          state: 'error',
          error: StudioError.wrap(error, 'studio/capture-failed', slot.entry.name),
        });
      });
    }
  }

  private applySources(next: SceneCollection): void {
    const wanted = new Map(next.sources.map((entry) => [entry.id, entry]));
    for (const [id, slot] of this.slots) {
      if (!wanted.has(id)) {
        this.closeSlot(slot);
        this.slots.delete(id);
      }
    }
    for (const entry of next.sources) {
      const slot = this.slots.get(entry.id);
      if (!slot) {
        this.openSlot(entry);
      } else if (slot.entry.spec !== entry.spec) {
        slot.entry = entry;
        if (slot.live && slot.live.kind === entry.spec.kind) {
          slot.live.update(entry.spec).catch((error: unknown) => {
            this.setStatus(slot, {
              state: 'error',
              error: StudioError.wrap(error, 'studio/capture-failed', entry.name),
            });
          });
        } else {
          // A different kind under the same id, or a source that never opened: start over.
          this.closeSlot(slot);
          this.slots.delete(entry.id);
          this.openSlot(entry);
        }
      } else {
        slot.entry = entry;
      }
    }
  }

  private openSlot(entry: SourceEntry): void {
    const slot: SourceSlot = {
      entry,
      live: undefined,
      status: { state: 'opening' },
      visual: undefined,
      audio: undefined,
      teardown: new Teardown(),
    };
    this.slots.set(entry.id, slot);
    this.events.emit('source', { id: entry.id, status: slot.status });
    const format = outputFormat(this.current.output.preset);
    const open = this.options.openSource ?? openLiveSource;
    open(entry, {
      ...(this.options.resolveUrl ? { resolveUrl: this.options.resolveUrl } : {}),
      ...(this.options.server ? { server: this.options.server } : {}),
      outputHeight: format.height,
    }).then(
      (live) => {
        if (this.slots.get(entry.id) !== slot || this.disposed) {
          live.dispose();
          return;
        }
        slot.live = live;
        // The spec may have changed while opening.
        if (slot.entry.spec !== entry.spec && slot.entry.spec.kind === live.kind) {
          live.update(slot.entry.spec).catch((error: unknown) => {
            this.setStatus(slot, {
              state: 'error',
              error: StudioError.wrap(error, 'studio/capture-failed', entry.name),
            });
          });
        }
        slot.teardown.add(live.on('change', () => this.syncSlot(slot)));
        slot.teardown.add(live.on('ended', ({ reason }) => this.setStatus(slot, { state: 'ended', reason })));
        slot.teardown.add(live.on('error', (error) => this.setStatus(slot, { state: 'error', error })));
        this.syncSlot(slot);
      },
      (error: unknown) => {
        if (this.slots.get(entry.id) !== slot) return;
        this.setStatus(slot, {
          state: 'error',
          error: StudioError.wrap(error, 'studio/capture-failed', entry.name),
        });
      },
    );
  }

  /** Hands a source's current picture and sound to the compositor and the mixer. */
  private syncSlot(slot: SourceSlot): void {
    const live = slot.live;
    if (!live) return;
    if (live.visual !== slot.visual) {
      slot.visual = live.visual;
      this.compositor.setVisual(slot.entry.id, live.visual);
    }
    if (live.audio !== slot.audio) {
      slot.audio = live.audio;
      if (live.audio) this.mixer.setInput(slot.entry.id, live.audio);
      else this.mixer.removeInput(slot.entry.id);
      this.syncAudio();
    }
    this.setStatus(slot, { state: live.state === 'waiting' ? 'waiting' : 'live' });
  }

  private closeSlot(slot: SourceSlot): void {
    slot.teardown.run();
    if (slot.visual) this.compositor.setVisual(slot.entry.id, undefined);
    if (slot.audio) this.mixer.removeInput(slot.entry.id);
    slot.live?.dispose();
    slot.live = undefined;
    slot.visual = undefined;
    slot.audio = undefined;
  }

  private setStatus(slot: SourceSlot, status: SourceStatus): void {
    if (sameStatus(slot.status, status)) return;
    slot.status = status;
    this.events.emit('source', { id: slot.entry.id, status });
  }

  /** The collection's audio settings, with sources off the program muted (sound follows picture). */
  private syncAudio(): void {
    const collection = this.current;
    const onAir = audibleSources(collection);
    const channels: AudioSettings['channels'] = {};
    for (const id of this.mixer.inputs()) {
      const settings = collection.audio.channels[id] ?? { gainDb: 0, muted: false, monitor: false };
      channels[id] = { ...settings, muted: settings.muted || !onAir.has(id) };
    }
    this.mixer.applySettings({ ...collection.audio, channels }).catch((error: unknown) => {
      this.events.emit('error', StudioError.wrap(error, 'studio/audio-failed', 'The mixer'));
    });
  }
}

function findScene(collection: SceneCollection | undefined, id: string | undefined): Scene | undefined {
  if (!collection || id === undefined) return undefined;
  return collection.scenes.find((scene) => scene.id === id);
}

function sameStatus(a: SourceStatus, b: SourceStatus): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'error' && b.state === 'error') return a.error === b.error;
  if (a.state === 'ended' && b.state === 'ended') return a.reason === b.reason;
  return true;
}

/**
 * The sources whose sound goes out: those with a visible layer in the program scene, and sound-only
 * sources (microphones), which belong to no scene.
 */
export function audibleSources(collection: SceneCollection): Set<string> {
  const audible = new Set<string>();
  for (const entry of collection.sources) {
    if (entry.spec.kind === 'microphone') audible.add(entry.id);
  }
  const program = findScene(collection, collection.programSceneId);
  for (const layer of program?.layers ?? []) {
    if (layer.visible) audible.add(layer.sourceId);
  }
  return audible;
}
