import {
  LAYOUT_PRESETS,
  applySceneLayout,
  duplicateLayer,
  moveLayer,
  removeLayer,
  updateLayer,
  type Layer,
  type LayerPatch,
  type LayoutPreset,
  type ZOrderMove,
} from '@brume/studio';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useStudio, useStudioState } from '../studio-context';
import { LayerIcon, LayoutIcon } from './LayerIcons';

export interface LayersPanelProps {
  /** The scene whose layers are listed (the edited one). */
  sceneId: string;
}

const PRESET_TITLES: Record<LayoutPreset, string> = {
  full: 'Full frame: the main layer fills the frame',
  'pip-top-left': 'Picture in picture, top left',
  'pip-top-right': 'Picture in picture, top right',
  'pip-bottom-left': 'Picture in picture, bottom left',
  'pip-bottom-right': 'Picture in picture, bottom right',
  'side-by-side': 'Side by side',
  grid: 'Grid of all visible layers',
};

/**
 * The edited scene's layers, topmost first (as they stack on screen): select, show/hide, lock,
 * raise/lower, duplicate, delete, rename (double-click the name), and the layout presets, which use
 * the selected layer as the main one.
 */
export function LayersPanel({ sceneId }: LayersPanelProps) {
  const controller = useStudio();
  const scene = useStudioState((s) => s.collection?.scenes.find((x) => x.id === sceneId));
  const selectedLayerId = useStudioState((s) => s.selectedLayerId);
  const [renaming, setRenaming] = useState<string | undefined>(undefined);

  if (!scene) return null;
  const layers = scene.layers;
  const topFirst = layers.slice().reverse();
  const selected = layers.some((l) => l.id === selectedLayerId) ? selectedLayerId : undefined;

  const update = (id: string, patch: LayerPatch) =>
    controller.edit((c) => updateLayer(c, sceneId, id, patch));
  const move = (id: string, direction: ZOrderMove) =>
    controller.edit((c) => moveLayer(c, sceneId, id, direction));
  const remove = (id: string) => {
    if (controller.edit((c) => removeLayer(c, sceneId, id)) && id === selectedLayerId)
      controller.select(undefined);
  };
  const duplicate = (id: string) => {
    let copyId: string | undefined;
    controller.edit((c) => {
      const added = duplicateLayer(c, sceneId, id);
      copyId = added.id;
      return added.collection;
    });
    if (copyId) controller.select(copyId);
  };
  const applyPreset = (preset: LayoutPreset) => {
    // The engine knows the sources' real picture shapes; a layer's box may already be stretched.
    const aspects: Record<string, number> = {};
    for (const layer of layers) {
      const aspect = controller.engine?.sourceAspect(layer.sourceId);
      if (aspect !== undefined) aspects[layer.id] = aspect;
    }
    // "Full" fills the frame with the selected layer; the others keep the bottom-most visible layer
    // as the main picture (a logo just added and selected goes into the corner, not behind it all).
    const main = preset === 'full' && selected ? { mainLayerId: selected } : {};
    controller.edit((c) => applySceneLayout(c, sceneId, preset, { aspects, ...main }));
  };

  return (
    <section className="panel-section layers-panel" data-testid="layers-panel" aria-label="Layers">
      <h2 className="panel-heading">Layers</h2>
      {layers.length === 0 ? (
        <p className="hint">No layers in this scene yet: add a source.</p>
      ) : (
        <ul className="layer-list">
          {topFirst.map((layer, i) => (
            <LayerRow
              key={layer.id}
              layer={layer}
              selected={layer.id === selected}
              isTop={i === 0}
              isBottom={i === topFirst.length - 1}
              renaming={renaming === layer.id}
              onSelect={() => controller.select(layer.id)}
              onStartRename={() => setRenaming(layer.id)}
              onRename={(name) => {
                setRenaming(undefined);
                const trimmed = name.trim();
                if (trimmed && trimmed !== layer.name) update(layer.id, { name: trimmed });
              }}
              onCancelRename={() => setRenaming(undefined)}
              onToggleVisible={() => update(layer.id, { visible: !layer.visible })}
              onToggleLocked={() => update(layer.id, { locked: !layer.locked })}
              onMove={(direction) => move(layer.id, direction)}
              onDuplicate={() => duplicate(layer.id)}
              onRemove={() => remove(layer.id)}
            />
          ))}
        </ul>
      )}
      <div className="layout-presets" role="group" aria-label="Layout">
        {LAYOUT_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="icon-button"
            data-testid={`layout-${preset}`}
            title={PRESET_TITLES[preset]}
            aria-label={PRESET_TITLES[preset]}
            disabled={layers.length === 0}
            onClick={() => applyPreset(preset)}
          >
            <LayoutIcon preset={preset} />
          </button>
        ))}
      </div>
    </section>
  );
}

interface LayerRowProps {
  layer: Layer;
  selected: boolean;
  isTop: boolean;
  isBottom: boolean;
  renaming: boolean;
  onSelect(): void;
  onStartRename(): void;
  onRename(name: string): void;
  onCancelRename(): void;
  onToggleVisible(): void;
  onToggleLocked(): void;
  onMove(direction: ZOrderMove): void;
  onDuplicate(): void;
  onRemove(): void;
}

function LayerRow(props: LayerRowProps) {
  const { layer, selected } = props;
  const onRenameKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') props.onRename(event.currentTarget.value);
    else if (event.key === 'Escape') props.onCancelRename();
  };
  return (
    <li
      className="layer-row"
      data-testid="layer-row"
      data-layer-id={layer.id}
      data-selected={selected}
      data-hidden={!layer.visible}
      onClick={props.onSelect}
    >
      {props.renaming ? (
        <input
          className="layer-name-input"
          aria-label="Layer name"
          defaultValue={layer.name}
          autoFocus
          onKeyDown={onRenameKey}
          onBlur={(event) => props.onRename(event.currentTarget.value)}
          onClick={(event) => event.stopPropagation()}
        />
      ) : (
        <button
          type="button"
          className="layer-name"
          aria-pressed={selected}
          title="Select; double-click (or F2) to rename"
          onDoubleClick={props.onStartRename}
          onKeyDown={(event) => {
            if (event.key === 'F2') props.onStartRename();
          }}
        >
          {layer.name}
        </button>
      )}
      <span className="layer-actions" onClick={(event) => event.stopPropagation()}>
        <RowButton
          label="Visible"
          title={layer.visible ? 'Hide' : 'Show'}
          pressed={layer.visible}
          testId="layer-visible"
          onClick={props.onToggleVisible}
        >
          <LayerIcon name={layer.visible ? 'eye' : 'eye-off'} />
        </RowButton>
        <RowButton
          label="Locked"
          title={layer.locked ? 'Unlock: movable on the canvas' : 'Lock: not movable on the canvas'}
          pressed={layer.locked}
          testId="layer-lock"
          onClick={props.onToggleLocked}
        >
          <LayerIcon name={layer.locked ? 'lock' : 'unlock'} />
        </RowButton>
        <RowButton
          label="Move up"
          testId="layer-up"
          disabled={props.isTop}
          onClick={() => props.onMove('up')}
        >
          <LayerIcon name="up" />
        </RowButton>
        <RowButton
          label="Move down"
          testId="layer-down"
          disabled={props.isBottom}
          onClick={() => props.onMove('down')}
        >
          <LayerIcon name="down" />
        </RowButton>
        <RowButton label="Duplicate" testId="layer-duplicate" onClick={props.onDuplicate}>
          <LayerIcon name="copy" />
        </RowButton>
        <RowButton label="Delete" testId="layer-delete" onClick={props.onRemove}>
          <LayerIcon name="trash" />
        </RowButton>
      </span>
    </li>
  );
}

function RowButton(props: {
  label: string;
  title?: string;
  testId: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="icon-button"
      data-testid={props.testId}
      title={props.title ?? props.label}
      aria-label={props.label}
      aria-pressed={props.pressed}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
