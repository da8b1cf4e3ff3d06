import { updateAudioChannel, updateMaster, type MeterLevels } from '@brume/studio';
import { formatDb } from '../format-stats';
import { useLevels, useStudio, useStudioState } from '../studio-context';

const METER_FLOOR_DB = -60;

/** dBFS → 0..100 % of the meter's height (−60 dB at the bottom). */
function meterPercent(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.max(0, Math.min(100, ((db - METER_FLOOR_DB) / -METER_FLOOR_DB) * 100));
}

/** A peak meter: RMS bar, peak bar, hold marker, clip light (click resets it). */
function Meter({ id, levels, label }: { id: string; levels: MeterLevels | undefined; label: string }) {
  const controller = useStudio();
  const peak = levels?.peakDb ?? -Infinity;
  return (
    <div
      className="meter"
      data-testid="meter"
      data-meter={id}
      data-peak-db={formatDb(peak)}
      aria-label={label}
    >
      <div className="meter-track">
        <div className="meter-peak" style={{ height: `${meterPercent(peak)}%` }} />
        <div className="meter-rms" style={{ height: `${meterPercent(levels?.rmsDb ?? -Infinity)}%` }} />
        <div className="meter-hold" style={{ bottom: `${meterPercent(levels?.holdDb ?? -Infinity)}%` }} />
      </div>
      <button
        type="button"
        className="meter-clip"
        data-clipped={levels?.clipped ?? false}
        title="Clip indicator (click to reset)"
        aria-label="Reset clip indicator"
        onClick={() => controller.engine?.mixer.resetClip(id === 'master' ? undefined : id)}
      />
      <span className="meter-readout">{formatDb(peak)}</span>
    </div>
  );
}

function ChannelMeter({ id, label }: { id: string; label: string }) {
  const levels = useLevels();
  return <Meter id={id} label={label} levels={id === 'master' ? levels?.master : levels?.channels[id]} />;
}

/** One strip per source with sound: fader in dB, mute, monitor, solo, meter; then the master bus. */
export function MixerPanel() {
  const controller = useStudio();
  const collection = useStudioState((s) => s.collection);
  const devices = useStudioState((s) => s.devices);
  if (!collection) return null;
  const { channels, master } = collection.audio;
  const sources = collection.sources.filter((s) => channels[s.id]);
  const canChooseMonitor = controller.engine?.mixer.canChooseMonitorDevice ?? false;
  return (
    <section className="panel mixer" data-testid="mixer" aria-label="Audio mixer">
      <header className="panel-header">
        <h2>Audio mixer</h2>
        {canChooseMonitor && (
          <label className="field-inline">
            <span>Monitor</span>
            <select
              value={collection.audio.monitorDeviceId ?? ''}
              onChange={(e) =>
                controller.edit((c) => ({
                  ...c,
                  audio: { ...c.audio, monitorDeviceId: e.target.value || undefined },
                }))
              }
            >
              <option value="">Default output</option>
              {devices.speakers.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || 'Output device'}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="strips">
        {sources.map((source) => {
          const settings = channels[source.id]!;
          return (
            <div className="strip" key={source.id} data-testid="channel" data-source-id={source.id}>
              <span className="strip-name" title={source.name}>
                {source.name}
              </span>
              <ChannelMeter id={source.id} label={`${source.name} level`} />
              <input
                type="range"
                className="fader"
                aria-label={`${source.name} gain`}
                data-testid="fader"
                min={-60}
                max={20}
                step={0.5}
                value={settings.gainDb}
                onChange={(e) =>
                  controller.edit((c) => updateAudioChannel(c, source.id, { gainDb: Number(e.target.value) }))
                }
              />
              <span className="strip-gain">{settings.gainDb.toFixed(1)} dB</span>
              <div className="strip-buttons">
                <button
                  type="button"
                  className="toggle-button"
                  data-testid="mute"
                  aria-pressed={settings.muted}
                  title="Mute"
                  onClick={() =>
                    controller.edit((c) => updateAudioChannel(c, source.id, { muted: !settings.muted }))
                  }
                >
                  M
                </button>
                <button
                  type="button"
                  className="toggle-button"
                  data-testid="monitor"
                  aria-pressed={settings.monitor}
                  title="Monitor: hear it on this computer (not sent)"
                  onClick={() =>
                    controller.edit((c) => updateAudioChannel(c, source.id, { monitor: !settings.monitor }))
                  }
                >
                  Mon
                </button>
                <SoloButton id={source.id} />
              </div>
            </div>
          );
        })}
        <div className="strip strip-master" data-testid="master">
          <span className="strip-name">Master</span>
          <ChannelMeter id="master" label="Master level" />
          <input
            type="range"
            className="fader"
            aria-label="Master gain"
            min={-60}
            max={20}
            step={0.5}
            value={master.gainDb}
            onChange={(e) => controller.edit((c) => updateMaster(c, { gainDb: Number(e.target.value) }))}
          />
          <span className="strip-gain">{master.gainDb.toFixed(1)} dB</span>
          <label className="toggle">
            <input
              type="checkbox"
              checked={master.compressor}
              onChange={(e) => controller.edit((c) => updateMaster(c, { compressor: e.target.checked }))}
            />
            Compressor
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              checked={master.limiter}
              onChange={(e) => controller.edit((c) => updateMaster(c, { limiter: e.target.checked }))}
            />
            Limiter −1 dB
          </label>
        </div>
      </div>
      {sources.length === 0 && (
        <p className="hint">Sources with sound (microphones, screens, videos) appear here.</p>
      )}
    </section>
  );
}

/** Solo is a monitoring aid (what you hear), not part of the document: it lives in the mixer only. */
function SoloButton({ id }: { id: string }) {
  const controller = useStudio();
  const mixer = controller.engine?.mixer;
  useLevels(); // re-render with the meters, so the pressed state follows the mixer
  const soloed = mixer?.isSoloed(id) ?? false;
  return (
    <button
      type="button"
      className="toggle-button"
      data-testid="solo"
      aria-pressed={soloed}
      title="Solo: monitor only this (what is sent is unchanged)"
      onClick={() => mixer?.setSolo(id, !soloed)}
    >
      S
    </button>
  );
}
