import type { Devices, PublisherState, PublisherStats, SourceKind, VideoCodec } from '@brume/studio';
import { createStore } from 'zustand/vanilla';

/**
 * The studio's UI state: plain data only. Media objects (sources, the publisher, the peer
 * connection) live in the StudioController; it writes here, components read here.
 */
export interface StudioState {
  streamName: string;
  sourceKind: SourceKind;
  /** The codec the next Go Live offers (a live publish keeps the one it started with). */
  videoCodec: VideoCodec;
  cameraId: string | undefined;
  microphoneId: string | undefined;
  devices: Devices;
  sourceStatus: 'opening' | 'ready' | 'error';
  sourceError: string | undefined;
  /** Bumped whenever the source (and so the preview stream) changes. */
  sourceVersion: number;
  /** The source's frame rate: what the fps colour compares against. */
  targetFps: number;
  publisherState: PublisherState;
  publishError: string | undefined;
  /** The name being published (the field may be edited meanwhile). */
  liveStreamName: string | undefined;
  stats: PublisherStats | undefined;
}

export type StudioStore = ReturnType<typeof createStudioStore>;

export function createStudioStore(initial: Pick<StudioState, 'streamName' | 'sourceKind' | 'videoCodec'>) {
  return createStore<StudioState>()(() => ({
    ...initial,
    cameraId: undefined,
    microphoneId: undefined,
    devices: { cameras: [], microphones: [] },
    sourceStatus: 'opening',
    sourceError: undefined,
    sourceVersion: 0,
    targetFps: 30,
    publisherState: 'idle',
    publishError: undefined,
    liveStreamName: undefined,
    stats: undefined,
  }));
}
