import type { MetadataEvent, MetadataTrack, StreamInfo } from '@brume/protocol';
import type { Engine } from '../engines/types';
import type { MetadataCallback, PlayerMetadata } from './metadata-api';
import type * as ControllerModule from './metadata-controller';
import type { MetadataController, MetadataControllerOptions } from './metadata-controller';
import { metadataTracksOf } from './metadata-tracks';

interface Pending {
  track: string;
  onEvent: MetadataCallback;
  onExit: ((event: MetadataEvent) => void) | undefined;
  /** The controller's unsubscribe, once it is loaded. */
  detach?: () => void;
}

/**
 * `player.metadata` before it is needed: the scheduler, TextTracks and timer (~3 KB gzip) load only
 * when a stream lists metadata tracks or an engine reports an event, so pages playing plain video
 * keep the embed's up-front budget. Until then it records subscriptions, the info and the engine,
 * and queues events; once loaded it hands all of it to the real `MetadataController`.
 */
export class LazyMetadata implements PlayerMetadata {
  private controller: MetadataController | undefined;
  private loading: Promise<void> | undefined;
  private readonly subscriptions = new Set<Pending>();
  private info: StreamInfo | undefined;
  private engine: Engine | undefined;
  private queued: MetadataEvent[] = [];
  private disposed = false;

  constructor(
    private readonly options: MetadataControllerOptions,
    private readonly load: () => Promise<typeof ControllerModule> = () => import('./metadata-controller'),
  ) {}

  /** Settles once the controller is loaded (for tests and callers that must wait for it). */
  get ready(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }

  get tracks(): readonly MetadataTrack[] {
    return this.controller?.tracks ?? [];
  }

  subscribe(track: string, onEvent: MetadataCallback, onExit?: (event: MetadataEvent) => void): () => void {
    if (this.disposed) return () => {};
    const pending: Pending = { track, onEvent, onExit };
    this.subscriptions.add(pending);
    if (this.controller) pending.detach = this.controller.subscribe(track, onEvent, onExit);
    return () => {
      pending.detach?.();
      this.subscriptions.delete(pending);
    };
  }

  setInfo(info: StreamInfo): void {
    this.info = info;
    if (this.controller) this.controller.setInfo(info);
    else if (metadataTracksOf(info).length) this.start();
  }

  attach(engine: Engine): void {
    this.engine = engine;
    this.controller?.attach(engine);
  }

  detach(): void {
    this.engine = undefined;
    this.controller?.detach();
  }

  add(events: readonly MetadataEvent[]): void {
    if (this.disposed || !events.length) return;
    if (this.controller) return this.controller.add(events);
    this.queued.push(...events);
    this.start();
  }

  frame(mediaTime: number, streamMs: number | undefined): void {
    this.controller?.frame(mediaTime, streamMs);
  }

  rearm(): void {
    this.controller?.rearm();
  }

  dispose(): void {
    this.disposed = true;
    this.subscriptions.clear();
    this.queued = [];
    this.controller?.dispose();
  }

  private start(): void {
    if (this.loading || this.disposed) return;
    this.loading = this.load().then(({ MetadataController }) => {
      if (this.disposed) return;
      const controller = new MetadataController(this.options);
      this.controller = controller;
      for (const pending of this.subscriptions)
        pending.detach = controller.subscribe(pending.track, pending.onEvent, pending.onExit);
      if (this.info) controller.setInfo(this.info);
      if (this.engine) controller.attach(this.engine);
      const queued = this.queued;
      this.queued = [];
      controller.add(queued);
    });
  }
}
