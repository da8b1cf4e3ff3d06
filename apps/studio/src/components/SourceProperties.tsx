import {
  renameSource,
  updateSourceSpec,
  type CameraSpec,
  type ColorSpec,
  type DeviceOption,
  type GuestSpec,
  type ImageSpec,
  type MicrophoneSpec,
  type SourceSpec,
  type TextSpec,
  type VideoFileSpec,
} from '@brume/studio';
import { colorInputValue, withPickedColor } from '../editor/color-input';
import { statusView } from '../editor/source-status';
import { useStudio, useStudioState } from '../studio-context';
import { editedSceneId } from '../studio-store';
import { NumberField } from './NumberField';
import { TextField } from './TextField';

export interface SourcePropertiesProps {
  /** The source to edit; default the selected layer's source in `sceneId`. */
  sourceId?: string;
  /** Where the selected layer is looked up; default the edited scene. */
  sceneId?: string;
}

/** Fonts every desktop system has (or maps to a close one), so a scene looks the same elsewhere. */
export const SAFE_FONTS: readonly { label: string; family: string }[] = [
  { label: 'System', family: 'system-ui, sans-serif' },
  { label: 'Arial', family: 'Arial, Helvetica, sans-serif' },
  { label: 'Verdana', family: 'Verdana, sans-serif' },
  { label: 'Georgia', family: 'Georgia, serif' },
  { label: 'Times', family: "'Times New Roman', Times, serif" },
  { label: 'Courier', family: "'Courier New', Courier, monospace" },
  { label: 'Impact', family: 'Impact, sans-serif' },
];

const RESOLUTIONS = { '720p': { width: 1280, height: 720 }, '1080p': { width: 1920, height: 1080 } } as const;

type Change<S extends SourceSpec> = (spec: S) => void;

/**
 * The settings of one source (what a layer shows): its name, the fields of its kind, and how it is
 * doing (opening, live, waiting, or the error with a Retry button). Edits go through
 * `updateSourceSpec`, which validates them; the engine reopens the source when they matter.
 */
export function SourceProperties({ sourceId, sceneId }: SourcePropertiesProps) {
  const controller = useStudio();
  const source = useStudioState((s) => {
    const c = s.collection;
    if (!c) return undefined;
    const id =
      sourceId ??
      c.scenes
        .find((x) => x.id === (sceneId ?? editedSceneId(c)))
        ?.layers.find((l) => l.id === s.selectedLayerId)?.sourceId;
    return c.sources.find((x) => x.id === id);
  });
  const status = useStudioState((s) => (source ? s.sourceStatus[source.id] : undefined));

  if (!source) {
    return (
      <section
        className="panel-section source-properties"
        data-testid="source-properties"
        aria-label="Source"
      >
        <h2 className="panel-heading">Source</h2>
        <p className="hint">Select a layer to see its source.</p>
      </section>
    );
  }

  const id = source.id;
  const change = (spec: SourceSpec) => controller.edit((c) => updateSourceSpec(c, id, spec));
  const view = statusView(status);
  const spec = source.spec;

  return (
    <section
      className="panel-section source-properties"
      data-testid="source-properties"
      data-source-id={id}
      aria-label="Source"
    >
      <h2 className="panel-heading">Source</h2>
      {view && (
        <div className="source-status" data-testid="source-status" data-state={view.state} role="status">
          <span>{view.text}</span>
          {view.retry && (
            <button type="button" className="button button-small" onClick={() => controller.retrySource(id)}>
              Retry
            </button>
          )}
        </div>
      )}
      <TextField
        label="Name"
        testId="source-name"
        value={source.name}
        onCommit={(name) => {
          if (name.trim()) controller.edit((c) => renameSource(c, id, name.trim()));
        }}
      />
      {spec.kind === 'camera' && <CameraFields spec={spec} onChange={change} />}
      {spec.kind === 'microphone' && <MicrophoneFields spec={spec} onChange={change} />}
      {spec.kind === 'screen' && (
        <Check
          label="Capture the tab's or system's sound"
          checked={spec.audio}
          onChange={(audio) => change({ ...spec, audio })}
        />
      )}
      {spec.kind === 'image' && <MediaUrlFields sourceId={id} spec={spec} onChange={change} />}
      {spec.kind === 'video' && (
        <>
          <MediaUrlFields sourceId={id} spec={spec} onChange={change} />
          <Check label="Loop" checked={spec.loop} onChange={(loop) => change({ ...spec, loop })} />
          <Check label="Muted" checked={spec.muted} onChange={(muted) => change({ ...spec, muted })} />
        </>
      )}
      {spec.kind === 'text' && <TextFields spec={spec} onChange={change} />}
      {spec.kind === 'color' && <ColorFields spec={spec} onChange={change} />}
      {spec.kind === 'pattern' && (
        <Select
          label="Sound"
          testId="pattern-audio"
          value={spec.audio}
          options={[
            ['beep', 'Beep each second'],
            ['silent', 'Silent'],
          ]}
          onChange={(audio) => change({ ...spec, audio: audio as 'beep' | 'silent' })}
        />
      )}
      {spec.kind === 'guest' && <GuestFields spec={spec} onChange={change} />}
    </section>
  );
}

function CameraFields({ spec, onChange }: { spec: CameraSpec; onChange: Change<CameraSpec> }) {
  const cameras = useStudioState((s) => s.devices.cameras);
  const resolution = spec.height === 1080 ? '1080p' : spec.height === 720 ? '720p' : '';
  return (
    <>
      <DeviceSelect
        label="Camera"
        testId="camera-device"
        devices={cameras}
        value={spec.deviceId}
        onChange={(deviceId) => onChange({ ...spec, deviceId })}
      />
      <Select
        label="Resolution"
        testId="camera-resolution"
        value={resolution}
        options={[
          ['', 'Camera default'],
          ['720p', '720p'],
          ['1080p', '1080p'],
        ]}
        onChange={(value) => {
          const size = RESOLUTIONS[value as keyof typeof RESOLUTIONS] as
            { width: number; height: number } | undefined;
          onChange({ ...spec, width: size?.width, height: size?.height });
        }}
      />
      <Select
        label="Frame rate"
        testId="camera-fps"
        value={spec.frameRate === undefined ? '' : String(spec.frameRate)}
        options={[
          ['', 'Camera default'],
          ['30', '30 fps'],
          ['60', '60 fps'],
        ]}
        onChange={(value) => onChange({ ...spec, frameRate: value === '' ? undefined : Number(value) })}
      />
    </>
  );
}

function MicrophoneFields({ spec, onChange }: { spec: MicrophoneSpec; onChange: Change<MicrophoneSpec> }) {
  const microphones = useStudioState((s) => s.devices.microphones);
  return (
    <>
      <DeviceSelect
        label="Microphone"
        testId="microphone-device"
        devices={microphones}
        value={spec.deviceId}
        onChange={(deviceId) => onChange({ ...spec, deviceId })}
      />
      <Check
        label="Noise suppression"
        checked={spec.noiseSuppression}
        onChange={(noiseSuppression) => onChange({ ...spec, noiseSuppression })}
      />
      <Check
        label="Echo cancellation"
        checked={spec.echoCancellation}
        onChange={(echoCancellation) => onChange({ ...spec, echoCancellation })}
      />
      <Check
        label="Automatic gain"
        checked={spec.autoGainControl}
        onChange={(autoGainControl) => onChange({ ...spec, autoGainControl })}
      />
    </>
  );
}

function MediaUrlFields<S extends ImageSpec | VideoFileSpec>({
  sourceId,
  spec,
  onChange,
}: {
  sourceId: string;
  spec: S;
  onChange: Change<S>;
}) {
  const controller = useStudio();
  const picked = spec.url.startsWith('blob-store:');
  return (
    <>
      <TextField
        label={picked ? 'URL (a file you picked)' : 'URL'}
        testId="media-url"
        placeholder="https://…"
        value={spec.url}
        onCommit={(url) => onChange({ ...spec, url: url.trim() })}
      />
      <label className="field">
        <span className="field-label">Or replace with a file</span>
        <input
          type="file"
          data-testid="media-file"
          accept={spec.kind === 'image' ? 'image/*' : 'video/*'}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void controller.replaceFile(sourceId, file);
            event.target.value = '';
          }}
        />
      </label>
    </>
  );
}

function TextFields({ spec, onChange }: { spec: TextSpec; onChange: Change<TextSpec> }) {
  const fonts = SAFE_FONTS.some((f) => f.family === spec.fontFamily)
    ? SAFE_FONTS
    : [{ label: spec.fontFamily, family: spec.fontFamily }, ...SAFE_FONTS];
  const background = spec.background;
  return (
    <>
      <TextField
        label="Text"
        testId="text-text"
        multiline
        value={spec.text}
        onCommit={(text) => onChange({ ...spec, text })}
      />
      <TextField
        label="Subtitle"
        testId="text-subtitle"
        value={spec.subtitle ?? ''}
        onCommit={(subtitle) => onChange({ ...spec, subtitle: subtitle === '' ? undefined : subtitle })}
      />
      <Select
        label="Font"
        testId="text-font"
        value={spec.fontFamily}
        options={fonts.map((f) => [f.family, f.label])}
        onChange={(fontFamily) => onChange({ ...spec, fontFamily })}
      />
      <div className="field-grid">
        <NumberField
          label="Size (of 1080 lines)"
          unit="px"
          testId="text-size"
          min={4}
          value={spec.fontSizePx}
          onCommit={(fontSizePx) => onChange({ ...spec, fontSizePx })}
        />
        <ColorField
          label="Colour"
          testId="text-color"
          value={spec.color}
          onChange={(color) => onChange({ ...spec, color })}
        />
      </div>
      <Check label="Bold" checked={spec.bold} onChange={(bold) => onChange({ ...spec, bold })} />
      <Select
        label="Align"
        testId="text-align"
        value={spec.align}
        options={[
          ['left', 'Left'],
          ['center', 'Centre'],
          ['right', 'Right'],
        ]}
        onChange={(align) => onChange({ ...spec, align: align as TextSpec['align'] })}
      />
      <Select
        label="Style"
        testId="text-style"
        value={spec.style}
        options={[
          ['plain', 'Plain'],
          ['lower-third', 'Lower third'],
        ]}
        onChange={(style) => onChange({ ...spec, style: style as TextSpec['style'] })}
      />
      {spec.style === 'lower-third' && (
        <ColorField
          label="Accent colour"
          testId="text-accent"
          value={spec.accentColor ?? '#5b9dff'}
          onChange={(accentColor) => onChange({ ...spec, accentColor })}
        />
      )}
      <Check
        label="Background box"
        checked={background !== undefined}
        onChange={(on) =>
          onChange({
            ...spec,
            background: on ? { color: '#000000b3', paddingPx: 16, radiusPx: 8 } : undefined,
          })
        }
      />
      {background && (
        <div className="field-grid">
          <ColorField
            label="Box colour"
            testId="text-background-color"
            value={background.color}
            onChange={(color) => onChange({ ...spec, background: { ...background, color } })}
          />
          <NumberField
            label="Padding"
            unit="px"
            testId="text-padding"
            min={0}
            value={background.paddingPx}
            onCommit={(paddingPx) => onChange({ ...spec, background: { ...background, paddingPx } })}
          />
          <NumberField
            label="Corner radius"
            unit="px"
            testId="text-radius"
            min={0}
            value={background.radiusPx}
            onCommit={(radiusPx) => onChange({ ...spec, background: { ...background, radiusPx } })}
          />
        </div>
      )}
    </>
  );
}

function ColorFields({ spec, onChange }: { spec: ColorSpec; onChange: Change<ColorSpec> }) {
  const gradient = spec.gradient;
  return (
    <>
      <ColorField
        label="Colour"
        testId="color-color"
        value={spec.color}
        onChange={(color) => onChange({ ...spec, color })}
      />
      <Check
        label="Gradient"
        checked={gradient !== undefined}
        onChange={(on) => onChange({ ...spec, gradient: on ? { to: '#000000', angleDeg: 90 } : undefined })}
      />
      {gradient && (
        <div className="field-grid">
          <ColorField
            label="To"
            testId="color-to"
            value={gradient.to}
            onChange={(to) => onChange({ ...spec, gradient: { ...gradient, to } })}
          />
          <NumberField
            label="Angle"
            unit="°"
            testId="color-angle"
            value={gradient.angleDeg}
            onCommit={(angleDeg) => onChange({ ...spec, gradient: { ...gradient, angleDeg } })}
          />
        </div>
      )}
    </>
  );
}

function GuestFields({ spec, onChange }: { spec: GuestSpec; onChange: Change<GuestSpec> }) {
  return (
    <>
      <TextField
        label="Stream name"
        testId="guest-stream"
        value={spec.stream}
        onCommit={(stream) => onChange({ ...spec, stream: stream.trim() })}
      />
      <TextField
        label="Server (empty: this one)"
        testId="guest-server"
        placeholder={location.origin}
        value={spec.server ?? ''}
        onCommit={(server) => onChange({ ...spec, server: server.trim() === '' ? undefined : server.trim() })}
      />
    </>
  );
}

function DeviceSelect(props: {
  label: string;
  testId: string;
  devices: readonly DeviceOption[];
  value: string | undefined;
  onChange(deviceId: string | undefined): void;
}) {
  const { devices, value } = props;
  // A saved device that is not plugged in (or not listed before permission) still shows as chosen.
  const missing = value !== undefined && !devices.some((d) => d.deviceId === value);
  return (
    <Select
      label={props.label}
      testId={props.testId}
      value={value ?? ''}
      options={[
        ['', 'System default'],
        ...(missing ? [[value, 'Saved device (not found)'] as [string, string]] : []),
        ...devices.map((d): [string, string] => [d.deviceId, d.label]),
      ]}
      onChange={(deviceId) => props.onChange(deviceId === '' ? undefined : deviceId)}
    />
  );
}

function Select(props: {
  label: string;
  testId: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange(value: string): void;
}) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <select
        data-testid={props.testId}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function ColorField(props: { label: string; testId: string; value: string; onChange(color: string): void }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        type="color"
        data-testid={props.testId}
        value={colorInputValue(props.value)}
        onChange={(event) => props.onChange(withPickedColor(props.value, event.target.value))}
      />
    </label>
  );
}

function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      {props.label}
    </label>
  );
}
