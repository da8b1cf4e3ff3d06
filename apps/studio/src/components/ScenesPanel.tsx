import {
  addScene,
  duplicateScene,
  removeScene,
  renameScene,
  setSceneHotkey,
  type Scene,
} from '@brume/studio';
import { useState } from 'react';
import { LayerIcon } from './LayerIcons';
import { useStudio, useStudioState } from '../studio-context';

/** The scene list: click puts a scene on air (or in the preview, in studio mode). */
export function ScenesPanel() {
  const controller = useStudio();
  const collection = useStudioState((s) => s.collection);
  const transitionRunning = useStudioState((s) => s.transitionRunning);
  const [renaming, setRenaming] = useState<string | undefined>();
  if (!collection) return null;
  const studioMode = collection.previewSceneId !== undefined;

  const row = (scene: Scene) => {
    const onAir = scene.id === collection.programSceneId;
    const inPreview = scene.id === collection.previewSceneId;
    return (
      <li
        key={scene.id}
        className="list-row"
        data-testid="scene-row"
        data-scene-id={scene.id}
        data-on-air={onAir}
        data-preview={inPreview}
      >
        {renaming === scene.id ? (
          <input
            className="rename"
            aria-label="Scene name"
            defaultValue={scene.name}
            autoFocus
            onBlur={(e) => {
              controller.edit((c) => renameScene(c, scene.id, e.target.value.trim() || scene.name));
              setRenaming(undefined);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') setRenaming(undefined);
            }}
          />
        ) : (
          <button
            type="button"
            className="list-main"
            aria-pressed={studioMode ? inPreview : onAir}
            title={studioMode ? 'Show in the preview' : 'Put on air'}
            disabled={transitionRunning && !studioMode}
            onClick={() => void controller.switchScene(scene.id)}
            onDoubleClick={() => setRenaming(scene.id)}
          >
            {onAir && <span className="badge badge-live">On air</span>}
            {inPreview && <span className="badge badge-preview">Preview</span>}
            <span className="list-name">{scene.name}</span>
          </button>
        )}
        <input
          className="hotkey"
          aria-label={`Hotkey for ${scene.name}`}
          title="Hotkey (a digit or letter)"
          maxLength={1}
          value={scene.hotkey ?? ''}
          placeholder="–"
          onChange={(e) => controller.edit((c) => setSceneHotkey(c, scene.id, e.target.value || undefined))}
        />
        <button
          type="button"
          className="icon-button"
          title="Duplicate scene"
          aria-label={`Duplicate ${scene.name}`}
          onClick={() => controller.edit((c) => duplicateScene(c, scene.id).collection)}
        >
          <LayerIcon name="copy" />
        </button>
        <button
          type="button"
          className="icon-button"
          title="Delete scene"
          aria-label={`Delete ${scene.name}`}
          disabled={collection.scenes.length < 2}
          onClick={() => controller.edit((c) => removeScene(c, scene.id))}
        >
          <LayerIcon name="trash" />
        </button>
      </li>
    );
  };

  return (
    <section className="panel" data-testid="scenes-panel" aria-label="Scenes">
      <header className="panel-header">
        <h2>Scenes</h2>
        <button
          type="button"
          className="button button-small"
          data-testid="add-scene"
          onClick={() => controller.edit((c) => addScene(c).collection)}
        >
          + Scene
        </button>
      </header>
      <ul className="list">{collection.scenes.map(row)}</ul>
    </section>
  );
}
