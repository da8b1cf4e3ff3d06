import type {
  CompositorStats,
  Devices,
  MixerLevels,
  PublisherState,
  PublisherStats,
  RecorderState,
  SceneCollection,
  SourceStatus,
  VideoCodec,
} from '@brume/studio';
import { createStore } from 'zustand/vanilla';

/** A finished local recording, kept for download until the next one. */
export interface RecordedFile {
  url: string;
  fileName: string;
  bytes: number;
  durationMs: number;
}

/**
 * The studio's UI state: plain data only. Media objects (the Studio engine with its sources,
 * compositor, mixer and publisher) live in the StudioController; it writes here, components read here.
 * The scene collection is plain data too: the controller mirrors the engine's current version.
 */
export interface StudioState {
  /** The engine is up (compositor and mixer started). */
  ready: boolean;
  startError: string | undefined;
  /** No saved scenes and no `?source=`: the first-run chooser is showing. */
  firstRun: boolean;
  collection: SceneCollection | undefined;
  selectedLayerId: string | undefined;
  sourceStatus: Record<string, SourceStatus>;
  devices: Devices;

  streamName: string;
  /** Stream key (WHIP Bearer token); empty for none. */
  token: string;
  /** The codec the next Go Live offers (a live publish keeps the one it started with). */
  videoCodec: VideoCodec;
  /** Max video bitrate in kbit/s, or undefined for the automatic ceiling. */
  maxBitrateKbps: number | undefined;
  keyframeIntervalMs: number | undefined;
  simulcast: boolean;

  publisherState: PublisherState;
  publishError: string | undefined;
  /** The name being published (the field may be edited meanwhile). */
  liveStreamName: string | undefined;
  /** When the current state began (for "Live 00:12:31", "Reconnecting for 5 s"). */
  stateSince: number;
  stats: PublisherStats | undefined;
  render: CompositorStats | undefined;

  recordingState: RecorderState;
  recordingElapsedMs: number;
  recordingBytes: number;
  recorded: RecordedFile | undefined;

  transitionRunning: boolean;
  /** A message for the user (a denied device, a rejected file), cleared by dismissing it. */
  notice: string | undefined;
}

export type StudioStore = ReturnType<typeof createStudioStore>;

export function createStudioStore(
  initial: Pick<StudioState, 'streamName' | 'videoCodec'> & Partial<StudioState>,
) {
  return createStore<StudioState>()(() => ({
    ready: false,
    startError: undefined,
    firstRun: false,
    collection: undefined,
    selectedLayerId: undefined,
    sourceStatus: {},
    devices: { cameras: [], microphones: [], speakers: [] },
    token: '',
    maxBitrateKbps: undefined,
    keyframeIntervalMs: undefined,
    simulcast: false,
    publisherState: 'idle',
    publishError: undefined,
    liveStreamName: undefined,
    stateSince: Date.now(),
    stats: undefined,
    render: undefined,
    recordingState: 'idle',
    recordingElapsedMs: 0,
    recordingBytes: 0,
    recorded: undefined,
    transitionRunning: false,
    notice: undefined,
    ...initial,
  }));
}

/** Audio levels change 30 times a second: a store of their own, so only meters re-render. */
export function createLevelsStore() {
  return createStore<{ levels: MixerLevels | undefined }>()(() => ({ levels: undefined }));
}

export type LevelsStore = ReturnType<typeof createLevelsStore>;

/** The scene being edited: the preview in studio mode, else the program. */
export function editedSceneId(collection: SceneCollection | undefined): string | undefined {
  if (!collection) return undefined;
  return collection.previewSceneId ?? collection.programSceneId;
}
