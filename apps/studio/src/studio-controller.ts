import { isValidStreamName } from '@brume/protocol';
import {
  CameraSource,
  DeviceList,
  Publisher,
  StudioError,
  TestPatternSource,
  type SourceKind,
  type StudioSource,
  type VideoCodec,
} from '@brume/studio';
import type { StudioStore } from './studio-store';
import { writeUrlParams } from './url-params';

/**
 * Owns the studio's media objects (the source, the publisher, the device list) and turns UI intents
 * into calls on them; the store only ever receives plain state back. One per page.
 */
export class StudioController {
  private source: StudioSource | undefined;
  private publisher: Publisher | undefined;
  private readonly deviceList = new DeviceList();
  /** Only the latest source request may install its source (the user can click faster than cameras open). */
  private sourceRequest = 0;
  private readonly cleanups: (() => void)[] = [];

  constructor(readonly store: StudioStore) {
    this.cleanups.push(this.deviceList.on('change', (devices) => this.store.setState({ devices })));
    this.cleanups.push(() => this.deviceList.dispose());
    void this.deviceList.refresh();
    // Back online after a network change: restart ICE now rather than waiting for consent to fail.
    const onOnline = (): void => {
      if (this.publisher?.state === 'live') void this.publisher.refreshConnection();
    };
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => window.removeEventListener('online', onOnline));
    this.installTestBridge();
  }

  /** The stream the preview shows (the one being sent). */
  get previewStream(): MediaStream | undefined {
    return this.source?.stream;
  }

  async start(options: { autostart: boolean }): Promise<void> {
    await this.openSource();
    if (options.autostart) await this.goLive();
  }

  setStreamName(streamName: string): void {
    this.store.setState({ streamName });
    this.syncUrl();
  }

  setVideoCodec(videoCodec: VideoCodec): void {
    this.store.setState({ videoCodec });
    this.syncUrl();
  }

  async selectSource(sourceKind: SourceKind): Promise<void> {
    if (sourceKind === this.store.getState().sourceKind && this.store.getState().sourceStatus !== 'error')
      return;
    this.store.setState({ sourceKind });
    this.syncUrl();
    await this.openSource();
  }

  async selectCamera(cameraId: string): Promise<void> {
    this.store.setState({ cameraId });
    await this.openSource();
  }

  async selectMicrophone(microphoneId: string): Promise<void> {
    this.store.setState({ microphoneId });
    await this.openSource();
  }

  async goLive(): Promise<void> {
    const { streamName, publisherState, videoCodec } = this.store.getState();
    const source = this.source;
    if (!source || !isValidStreamName(streamName)) return;
    if (publisherState === 'connecting' || publisherState === 'live' || publisherState === 'reconnecting')
      return;
    // Go Live is a user gesture: the moment the autoplay policy lets the test tone start.
    if (source instanceof TestPatternSource) void source.resumeAudio();

    this.publisher?.dispose();
    const publisher = new Publisher({ stream: streamName, videoCodec });
    this.publisher = publisher;
    publisher.on('state', ({ state, error }) => {
      if (publisher !== this.publisher) return;
      this.store.setState({
        publisherState: state,
        publishError: error?.message,
        liveStreamName: state === 'idle' || state === 'error' ? undefined : publisher.streamName,
        ...(state === 'live' ? {} : { stats: undefined }),
      });
    });
    publisher.on('stats', (stats) => {
      if (publisher === this.publisher) this.store.setState({ stats });
    });
    try {
      await publisher.publish(source.stream);
    } catch (error) {
      // The state event has already shown it; anything else is a bug worth seeing in the console.
      if (!(error instanceof StudioError)) console.error(error);
    }
  }

  async stop(): Promise<void> {
    await this.publisher?.stop();
  }

  dispose(): void {
    this.sourceRequest++;
    this.publisher?.dispose();
    this.publisher = undefined;
    this.source?.dispose();
    this.source = undefined;
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
  }

  /** Opens the selected source, swaps it in (live publishes switch tracks in place), then closes the old one. */
  private async openSource(): Promise<void> {
    const request = ++this.sourceRequest;
    const { sourceKind, cameraId, microphoneId } = this.store.getState();
    this.store.setState({ sourceStatus: 'opening', sourceError: undefined });
    let next: StudioSource;
    try {
      next =
        sourceKind === 'pattern'
          ? new TestPatternSource()
          : await CameraSource.open({
              ...(cameraId ? { videoDeviceId: cameraId } : {}),
              ...(microphoneId ? { audioDeviceId: microphoneId } : {}),
            });
    } catch (error) {
      if (request !== this.sourceRequest) return;
      const message = error instanceof Error ? error.message : String(error);
      this.store.setState({ sourceStatus: 'error', sourceError: message });
      return;
    }
    if (request !== this.sourceRequest) {
      next.dispose();
      return;
    }

    const previous = this.source;
    this.source = next;
    next.on('ended', ({ kind }) => {
      if (this.source !== next) return;
      this.store.setState({
        sourceStatus: 'error',
        sourceError: `The ${kind === 'video' ? 'camera' : 'microphone'} stopped (unplugged or taken by another app). Pick a device again.`,
      });
    });
    try {
      await this.publisher?.setStream(next.stream);
    } catch (error) {
      console.error('could not switch the published tracks', error);
    }
    previous?.dispose();

    if (next instanceof CameraSource) {
      // Permission is granted now, so the list finally has labels; show what was actually opened.
      const { video, audio } = next.deviceIds;
      this.store.setState({ cameraId: video, microphoneId: audio });
      void this.deviceList.refresh();
    }
    this.store.setState((state) => ({
      sourceStatus: 'ready',
      sourceVersion: state.sourceVersion + 1,
      targetFps: next.frameRate,
    }));
  }

  private syncUrl(): void {
    const { streamName, sourceKind, videoCodec } = this.store.getState();
    history.replaceState(
      history.state,
      '',
      writeUrlParams(location.search, streamName, sourceKind, videoCodec),
    );
  }

  private installTestBridge(): void {
    // Getters, so tests always see the current objects rather than a snapshot.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const controller = this;
    window.__brumeStudio = {
      get publisher() {
        return controller.publisher;
      },
      get sourceKind() {
        return controller.source?.kind;
      },
      getStats: () => controller.publisher?.stats,
    };
    this.cleanups.push(() => {
      delete window.__brumeStudio;
    });
  }
}
