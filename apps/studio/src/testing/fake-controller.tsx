import { StudioError, type MetadataMessage, type MetadataSent, type SceneCollection } from '@brume/studio';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { StudioContext } from '../studio-context';
import type { StudioController } from '../studio-controller';
import { createStudioStore, type StudioState } from '../studio-store';

/**
 * A stand-in for the StudioController with a real store: `edit` applies the pure scene edit to the
 * store's collection and turns a thrown error into the notice, as the real one does; the engine only
 * answers `sourceAspect` from `aspects`. Calls to the media-facing methods are recorded.
 */
export function fakeController(collection: SceneCollection, state: Partial<StudioState> = {}) {
  const store = createStudioStore({ streamName: 'test', videoCodec: 'h264', collection, ...state });
  const aspects: Record<string, number> = {};
  const calls = {
    retrySource: [] as string[],
    replaceFile: [] as [string, File][],
    sendMetadata: [] as [string, MetadataMessage][],
  };
  /** What the next `sendMetadata` answers: ids, or a refusal message. */
  const metadataAnswers: (MetadataSent | string)[] = [];
  const fake = {
    store,
    engine: { sourceAspect: (sourceId: string): number | undefined => aspects[sourceId] },
    edit(change: (c: SceneCollection) => SceneCollection): boolean {
      try {
        store.setState({ collection: change(store.getState().collection!) });
        return true;
      } catch (error) {
        store.setState({ notice: (error as Error).message });
        return false;
      }
    },
    select(layerId: string | undefined): void {
      store.setState({ selectedLayerId: layerId });
    },
    retrySource(id: string): void {
      calls.retrySource.push(id);
    },
    async replaceFile(id: string, file: File): Promise<void> {
      calls.replaceFile.push([id, file]);
    },
    async sendMetadata(track: string, message: MetadataMessage): Promise<MetadataSent> {
      calls.sendMetadata.push([track, message]);
      const answer = metadataAnswers.shift() ?? { accepted: 1, ids: [] };
      if (typeof answer === 'string') throw new StudioError('studio/metadata-rejected', answer);
      return answer;
    },
  };
  const controller = fake as unknown as StudioController;
  return {
    controller,
    store,
    aspects,
    calls,
    metadataAnswers,
    render: (ui: ReactNode) =>
      render(<StudioContext.Provider value={controller}>{ui}</StudioContext.Provider>),
    /** The current version of a scene's layer. */
    layer: (id: string, sceneId = collection.scenes[0]!.id) =>
      store
        .getState()
        .collection!.scenes.find((s) => s.id === sceneId)!
        .layers.find((l) => l.id === id),
  };
}
