import { outputFormat, updateLayer, type ChromaKey, type Crop, type LayerPatch } from '@brume/studio';
import { useId } from 'react';
import { colorInputValue } from '../editor/color-input';
import { useStudio, useStudioState } from '../studio-context';
import { NumberField } from './NumberField';

export interface LayerPropertiesProps {
  /** The scene the selected layer is looked up in (the edited one). */
  sceneId: string;
}

/** A green screen's usual key; the sliders start where most green screens look right. */
export const DEFAULT_CHROMA_KEY: ChromaKey = {
  color: '#00ff00',
  similarity: 0.4,
  smoothness: 0.1,
  spill: 0.3,
};

const CROP_SIDES: { side: keyof Crop; label: string }[] = [
  { side: 'left', label: 'Left' },
  { side: 'top', label: 'Top' },
  { side: 'right', label: 'Right' },
  { side: 'bottom', label: 'Bottom' },
];

/**
 * The selected layer's settings: its box in output pixels, rotation, opacity, crop, visibility, lock
 * and chroma key. Values go through `updateLayer`, which clamps them; a value it refuses (not a
 * number) becomes the studio's notice and changes nothing.
 */
export function LayerProperties({ sceneId }: LayerPropertiesProps) {
  const controller = useStudio();
  const layer = useStudioState((s) =>
    s.collection?.scenes.find((x) => x.id === sceneId)?.layers.find((l) => l.id === s.selectedLayerId),
  );
  const preset = useStudioState((s) => s.collection?.output.preset);
  const opacityLabel = useId();

  if (!layer || !preset) {
    return (
      <section className="panel-section layer-properties" data-testid="layer-properties" aria-label="Layer">
        <h2 className="panel-heading">Layer</h2>
        <p className="hint">Select a layer on the canvas or in the list to edit it.</p>
      </section>
    );
  }

  const frame = outputFormat(preset);
  const update = (patch: LayerPatch) => controller.edit((c) => updateLayer(c, sceneId, layer.id, patch));
  const key = layer.chromaKey;
  const updateKey = (patch: Partial<ChromaKey>) => key && update({ chromaKey: { ...key, ...patch } });

  return (
    <section className="panel-section layer-properties" data-testid="layer-properties" aria-label="Layer">
      <h2 className="panel-heading">Layer: {layer.name}</h2>
      <div className="field-grid">
        <NumberField
          label="X"
          unit="px"
          testId="layer-x"
          value={layer.x * frame.width}
          onCommit={(v) => update({ x: v / frame.width })}
        />
        <NumberField
          label="Y"
          unit="px"
          testId="layer-y"
          value={layer.y * frame.height}
          onCommit={(v) => update({ y: v / frame.height })}
        />
        <NumberField
          label="Width"
          unit="px"
          testId="layer-width"
          min={1}
          value={layer.width * frame.width}
          onCommit={(v) => update({ width: v / frame.width })}
        />
        <NumberField
          label="Height"
          unit="px"
          testId="layer-height"
          min={1}
          value={layer.height * frame.height}
          onCommit={(v) => update({ height: v / frame.height })}
        />
        <NumberField
          label="Rotation"
          unit="°"
          testId="layer-rotation"
          digits={1}
          value={layer.rotation}
          onCommit={(v) => update({ rotation: v })}
        />
      </div>

      <div className="field">
        <span className="field-label" id={opacityLabel}>
          Opacity
        </span>
        <div className="slider-row">
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            aria-labelledby={opacityLabel}
            data-testid="layer-opacity-slider"
            value={Math.round(layer.opacity * 100)}
            onChange={(event) => update({ opacity: Number(event.target.value) / 100 })}
          />
          <NumberField
            label="Opacity (%)"
            unit="%"
            testId="layer-opacity"
            min={0}
            max={100}
            value={layer.opacity * 100}
            onCommit={(v) => update({ opacity: v / 100 })}
          />
        </div>
      </div>

      <fieldset className="subsection">
        <legend>Crop</legend>
        <div className="field-grid">
          {CROP_SIDES.map(({ side, label }) => (
            <NumberField
              key={side}
              label={label}
              unit="%"
              testId={`layer-crop-${side}`}
              digits={1}
              min={0}
              max={90}
              value={layer.crop[side] * 100}
              onCommit={(v) => update({ crop: { [side]: v / 100 } })}
            />
          ))}
        </div>
      </fieldset>

      <div className="check-row">
        <label className="check">
          <input
            type="checkbox"
            data-testid="layer-visible-check"
            checked={layer.visible}
            onChange={(event) => update({ visible: event.target.checked })}
          />
          Visible
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="layer-locked-check"
            checked={layer.locked}
            onChange={(event) => update({ locked: event.target.checked })}
          />
          Locked
        </label>
      </div>

      <fieldset className="subsection">
        <legend>Chroma key</legend>
        <label className="check">
          <input
            type="checkbox"
            data-testid="chroma-enabled"
            checked={key !== undefined}
            onChange={(event) => update({ chromaKey: event.target.checked ? DEFAULT_CHROMA_KEY : null })}
          />
          Remove a background colour
        </label>
        {key && (
          <>
            <label className="field">
              <span className="field-label">Key colour</span>
              <input
                type="color"
                data-testid="chroma-color"
                value={colorInputValue(key.color)}
                onChange={(event) => updateKey({ color: event.target.value })}
              />
            </label>
            <UnitSlider
              label="Similarity"
              testId="chroma-similarity"
              value={key.similarity}
              onChange={(similarity) => updateKey({ similarity })}
            />
            <UnitSlider
              label="Smoothness"
              testId="chroma-smoothness"
              value={key.smoothness}
              onChange={(smoothness) => updateKey({ smoothness })}
            />
            <UnitSlider
              label="Spill"
              testId="chroma-spill"
              value={key.spill}
              onChange={(spill) => updateKey({ spill })}
            />
          </>
        )}
      </fieldset>
    </section>
  );
}

/** A 0..1 setting as a 0..100 slider with its value beside it. */
function UnitSlider(props: { label: string; testId: string; value: number; onChange(value: number): void }) {
  const percent = Math.round(props.value * 100);
  return (
    <label className="field">
      <span className="field-label">
        {props.label} <output>{percent}%</output>
      </span>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        data-testid={props.testId}
        value={percent}
        onChange={(event) => props.onChange(Number(event.target.value) / 100)}
      />
    </label>
  );
}
