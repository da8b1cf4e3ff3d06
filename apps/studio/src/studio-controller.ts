import { isValidStreamName } from '@brume/protocol';
import {
  addLayer,
  addSource,
  DEFAULT_SCENE_STORAGE_KEY,
  DeviceList,
  exportCollection,
  importCollection,
  MetadataSender,
  removeLayer,
  SceneStore,
  setStudioMode,
  Studio,
  StudioError,
  updateSourceSpec,
  type MetadataMessage,
  type MetadataSent,
  type RecordingFormat,
  type SceneCollection,
  type SourceSpec,
  type VideoCodec,
} from '@brume/studio';
import { editedSceneId, type LevelsStore, type StudioStore } from './studio-store';
import { templateCollection, type StartTemplate } from './start-templates';
import { writeUrlParams } from './url-params';

export interface StartOptions {
  /** Start from this template instead of the saved scenes (`?source=`). */
  template: StartTemplate | undefined;
  autostart: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Owns the studio's media objects (the Studio engine, the saved scene store, the device list) and
 * turns UI intents into calls on them; the stores only ever receive plain state back. One per page.
 *
 * The scene store is the document's home (saved automatically); the engine follows it. Scene
 * switches and takes go through the engine (they run transitions) and come back as new versions.
 */
export class StudioController {
  private studio: Studio | undefined;
  private scenes: SceneStore | undefined;
  private metadata: { token: string; sender: MetadataSender } | undefined;
  private readonly deviceList = new DeviceList();
  private readonly cleanups: (() => void)[] = [];
  private disposed = false;

  constructor(
    readonly store: StudioStore,
    readonly levels: LevelsStore,
  ) {
    this.cleanups.push(this.deviceList.on('change', (devices) => this.store.setState({ devices })));
    this.cleanups.push(() => this.deviceList.dispose());
    void this.deviceList.refresh();
    // Back online after a network change: restart ICE now rather than waiting for consent to fail.
    const onOnline = (): void => {
      const publisher = this.studio?.activePublisher;
      if (publisher?.state === 'live') void publisher.refreshConnection();
    };
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => window.removeEventListener('online', onOnline));
    this.installTestBridge();
  }

  get engine(): Studio | undefined {
    return this.studio;
  }

  async start(options: StartOptions): Promise<void> {
    const hasSaved = safeHasSaved();
    const scenes = new SceneStore();
    this.scenes = scenes;
    this.cleanups.push(() => scenes.dispose());
    scenes.on('error', (error) => this.store.setState({ notice: error.message }));
    if (options.template) scenes.replace(templateCollection(options.template));
    else if (!hasSaved) {
      // A new user: the chooser picks the first scene; until then the default (test pattern) shows.
      this.store.setState({ firstRun: true });
    }
    this.store.setState({ collection: scenes.collection });

    let studio: Studio;
    try {
      studio = await Studio.create({
        collection: scenes.collection,
        resolveUrl: (url) => scenes.files.resolveUrl(url),
      });
    } catch (error) {
      this.store.setState({ startError: messageOf(error) });
      return;
    }
    if (this.disposed) {
      studio.dispose();
      return;
    }
    this.studio = studio;
    this.cleanups.push(() => studio.dispose());
    this.wire(studio, scenes);
    this.store.setState({ ready: true });
    // Files of sources removed in earlier sessions. A failure only leaves them for the next start.
    void scenes.files.removeUnused(scenes.collection).catch(() => undefined);
    if (options.autostart) await this.goLive();
  }

  // ---- the document ----

  /** Applies a pure scene edit; its typed errors become a notice and change nothing. */
  edit(change: (collection: SceneCollection) => SceneCollection): boolean {
    if (!this.scenes) return false;
    try {
      this.scenes.update(change);
      return true;
    } catch (error) {
      this.store.setState({ notice: messageOf(error) });
      return false;
    }
  }

  /** Adds a source and, if it has a picture, a layer of it on top of the edited scene (selected). */
  addSource(spec: SourceSpec, name?: string): void {
    let layerId: string | undefined;
    this.edit((c) => {
      const added = addSource(c, spec, name);
      const sceneId = editedSceneId(added.collection);
      if (spec.kind === 'microphone' || !sceneId) return added.collection;
      const layer = addLayer(added.collection, sceneId, added.id);
      layerId = layer.id;
      return layer.collection;
    });
    if (layerId) this.select(layerId);
  }

  /** Stores a picked file (kept across reloads in IndexedDB) and adds it as an image or video. */
  async addFile(file: File): Promise<void> {
    if (!this.scenes) return;
    const kind = file.type.startsWith('video/')
      ? 'video'
      : file.type.startsWith('image/')
        ? 'image'
        : undefined;
    if (!kind) {
      this.store.setState({ notice: `"${file.name}" is neither an image nor a video file.` });
      return;
    }
    try {
      const url = await this.scenes.files.putFile(file);
      const name = file.name.replace(/\.[^.]+$/, '');
      this.addSource(kind === 'image' ? { kind, url } : { kind, url, loop: true, muted: false }, name);
    } catch (error) {
      this.store.setState({ notice: `Could not keep "${file.name}": ${messageOf(error)}` });
    }
  }

  /** Stores a picked file and points an existing image or video source at it (its layers stay). */
  async replaceFile(sourceId: string, file: File): Promise<void> {
    if (!this.scenes) return;
    const spec = this.store.getState().collection?.sources.find((s) => s.id === sourceId)?.spec;
    if (spec?.kind !== 'image' && spec?.kind !== 'video') return;
    if (!file.type.startsWith(`${spec.kind}/`)) {
      this.store.setState({
        notice: `"${file.name}" is not ${spec.kind === 'image' ? 'an image' : 'a video'} file.`,
      });
      return;
    }
    try {
      const url = await this.scenes.files.putFile(file);
      this.edit((c) => {
        const current = c.sources.find((s) => s.id === sourceId)?.spec;
        return current?.kind === spec.kind ? updateSourceSpec(c, sourceId, { ...current, url }) : c;
      });
    } catch (error) {
      this.store.setState({ notice: `Could not keep "${file.name}": ${messageOf(error)}` });
    }
  }

  /** Adds a layer of an existing source to the edited scene. */
  addLayerOf(sourceId: string): void {
    let layerId: string | undefined;
    this.edit((c) => {
      const sceneId = editedSceneId(c);
      if (!sceneId) return c;
      const aspect = this.studio?.sourceAspect(sourceId);
      const added = addLayer(c, sceneId, sourceId, aspect === undefined ? {} : { aspect });
      layerId = added.id;
      return added.collection;
    });
    if (layerId) this.select(layerId);
  }

  removeSelectedLayer(): void {
    const { collection, selectedLayerId } = this.store.getState();
    const sceneId = editedSceneId(collection);
    if (!selectedLayerId || !sceneId) return;
    if (this.edit((c) => removeLayer(c, sceneId, selectedLayerId))) this.select(undefined);
  }

  select(layerId: string | undefined): void {
    this.store.setState({ selectedLayerId: layerId });
  }

  retrySource(id: string): void {
    this.studio?.retrySource(id);
  }

  /** The first-run chooser's pick: a fresh one-scene collection. */
  startFrom(template: StartTemplate): void {
    this.scenes?.replace(templateCollection(template));
    this.store.setState({ firstRun: false, selectedLayerId: undefined });
  }

  dismissFirstRun(): void {
    this.store.setState({ firstRun: false });
  }

  async importFile(file: File): Promise<void> {
    if (!this.scenes) return;
    try {
      const imported = importCollection(await file.text());
      this.scenes.replace(await this.scenes.files.internBlobs(imported));
      this.store.setState({ selectedLayerId: undefined, notice: `Imported "${file.name}".` });
    } catch (error) {
      this.store.setState({ notice: messageOf(error) });
    }
  }

  /** The scene collection as a portable JSON file (picked files inlined). */
  async exportFile(): Promise<Blob | undefined> {
    if (!this.scenes) return undefined;
    const portable = await this.scenes.files.inlineBlobs(this.scenes.collection);
    return new Blob([exportCollection(portable)], { type: 'application/json' });
  }

  // ---- scenes on air ----

  async switchScene(sceneId: string): Promise<void> {
    this.select(undefined);
    await this.studio?.switchScene(sceneId);
  }

  async take(): Promise<void> {
    await this.studio?.take();
  }

  setStudioMode(on: boolean): void {
    this.select(undefined);
    this.edit((c) => setStudioMode(c, on));
  }

  // ---- publishing ----

  setStreamName(streamName: string): void {
    this.store.setState({ streamName });
    this.syncUrl();
  }

  setVideoCodec(videoCodec: VideoCodec): void {
    this.store.setState({ videoCodec });
    this.syncUrl();
  }

  async setMaxBitrate(kbps: number | undefined): Promise<void> {
    this.store.setState({ maxBitrateKbps: kbps });
    await this.studio?.setMaxVideoBitrate(kbps === undefined ? undefined : kbps * 1000);
  }

  async goLive(): Promise<void> {
    const studio = this.studio;
    const { streamName, publisherState, videoCodec, token, maxBitrateKbps, keyframeIntervalMs, simulcast } =
      this.store.getState();
    if (!studio || !isValidStreamName(streamName)) return;
    if (publisherState === 'connecting' || publisherState === 'live' || publisherState === 'reconnecting')
      return;
    try {
      await studio.goLive({
        stream: streamName,
        videoCodec,
        simulcast,
        ...(token ? { token } : {}),
        ...(maxBitrateKbps ? { maxVideoBitrate: maxBitrateKbps * 1000 } : {}),
        ...(keyframeIntervalMs ? { keyframeIntervalMs } : {}),
      });
    } catch (error) {
      // The state event has already shown it; anything else is a bug worth seeing in the console.
      if (!(error instanceof StudioError)) console.error(error);
    }
  }

  async stop(): Promise<void> {
    await this.studio?.stop();
  }

  /**
   * Sends a JSON event or a caption line to the stream on air; the server stamps it at the live
   * edge. Rejects with a StudioError (not live, refused by the server, unreachable).
   */
  sendMetadata(track: string, message: MetadataMessage): Promise<MetadataSent> {
    const { liveStreamName, publisherState, token } = this.store.getState();
    if (!liveStreamName || (publisherState !== 'live' && publisherState !== 'reconnecting'))
      return Promise.reject(
        new StudioError('studio/metadata-rejected', 'Go live first: metadata travels with a live stream.'),
      );
    // One sender per stream key: it remembers which caption tracks it declared.
    if (this.metadata?.token !== token) this.metadata = { token, sender: new MetadataSender({ token }) };
    return this.metadata.sender.send(liveStreamName, track, message);
  }

  // ---- recording ----

  async startRecording(format: RecordingFormat): Promise<void> {
    const previous = this.store.getState().recorded;
    if (previous) URL.revokeObjectURL(previous.url);
    this.store.setState({ recorded: undefined });
    try {
      await this.studio?.startRecording(format);
    } catch (error) {
      this.store.setState({ notice: messageOf(error) });
    }
  }

  async stopRecording(): Promise<void> {
    await this.studio?.stopRecording();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const recorded = this.store.getState().recorded;
    if (recorded) URL.revokeObjectURL(recorded.url);
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
  }

  private wire(studio: Studio, scenes: SceneStore): void {
    // The two copies of the document follow each other; both ignore a version they already have.
    scenes.on('change', (collection) => {
      studio.update(collection);
      this.store.setState({ collection });
    });
    studio.on('collection', (collection) => {
      scenes.replace(collection);
      this.store.setState({ collection });
    });
    studio.on('source', ({ id, status }) => {
      this.store.setState((s) => ({ sourceStatus: { ...s.sourceStatus, [id]: status } }));
      // Permission is granted now, so device labels can be listed.
      if (status.state === 'live') void this.deviceList.refresh();
    });
    studio.on('publisher', ({ state, error }) => {
      const publisher = studio.activePublisher;
      this.store.setState((s) => ({
        publisherState: state,
        publishError: error?.message,
        liveStreamName: state === 'idle' || state === 'error' ? undefined : publisher?.streamName,
        stateSince: s.publisherState === state ? s.stateSince : Date.now(),
        ...(state === 'live' ? {} : { stats: undefined }),
      }));
    });
    studio.on('stats', (stats) => this.store.setState({ stats }));
    studio.on('render', (render) => this.store.setState({ render }));
    studio.on('levels', (levels) => this.levels.setState({ levels }));
    studio.on('transition', ({ running }) => this.store.setState({ transitionRunning: running }));
    studio.on('recording', ({ state, progress }) =>
      this.store.setState({
        recordingState: state,
        ...(progress ? { recordingElapsedMs: progress.elapsedMs, recordingBytes: progress.bytes } : {}),
        ...(state === 'starting' ? { recordingElapsedMs: 0, recordingBytes: 0 } : {}),
      }),
    );
    studio.on('recorded', (result) =>
      this.store.setState({
        recorded: {
          url: URL.createObjectURL(result.blob),
          fileName: result.fileName,
          bytes: result.blob.size,
          durationMs: result.durationMs,
        },
      }),
    );
    studio.on('error', (error) => this.store.setState({ notice: error.message }));
    // Sources began opening inside Studio.create, before these listeners existed.
    this.store.setState({ sourceStatus: studio.sourceStatuses() });
  }

  private syncUrl(): void {
    const { streamName, videoCodec } = this.store.getState();
    history.replaceState(history.state, '', writeUrlParams(location.search, streamName, videoCodec));
  }

  private installTestBridge(): void {
    // Getters, so tests always see the current objects rather than a snapshot.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const controller = this;
    window.__brumeStudio = {
      get studio() {
        return controller.studio;
      },
      get publisher() {
        return controller.studio?.activePublisher;
      },
      getStats: () => controller.studio?.activePublisher?.stats,
      getRenderStats: () => controller.store.getState().render,
      getCollection: () => controller.store.getState().collection,
    };
    this.cleanups.push(() => {
      delete window.__brumeStudio;
    });
  }
}

/** Whether a saved collection exists (site data may be blocked: then there is none). */
function safeHasSaved(): boolean {
  try {
    return localStorage.getItem(DEFAULT_SCENE_STORAGE_KEY) !== null;
  } catch {
    return false;
  }
}
