import {
  fpsHealth,
  lossHealth,
  outputFormat,
  qualityLimitationHealth,
  renderTimeHealth,
  type HealthLevel,
} from '@brume/studio';
import {
  formatBitrate,
  formatBytes,
  formatFps,
  formatLoss,
  formatMs,
  formatResolution,
} from '../format-stats';
import { useStudioState } from '../studio-context';
import type { StudioPopOut } from '../use-pop-out';
import { PopOutSlot } from './PopOutSlot';
import { StateLine } from './StateLine';

function Stat({
  name,
  value,
  health,
  id,
}: {
  name: string;
  value: string;
  health?: HealthLevel;
  id: string;
}) {
  return (
    <div className="stat" data-stat={id} data-health={health ?? 'none'}>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/**
 * The compositor's and the encoder's numbers, coloured with OBS's thresholds: fps < 95 % of target
 * warns, < 80 % is an error; render time over 75 % of the frame budget warns; lost frames and
 * packets warn at 1 %, error at 5 %. They pop out (with the program, if it is out) into the
 * always-on-top window, headed there by the live state that the page shows in its top bar.
 */
export function StatsPanel({ popOut }: { popOut: StudioPopOut }) {
  const stats = useStudioState((s) => s.stats);
  const render = useStudioState((s) => s.render);
  const targetFps = useStudioState((s) =>
    s.collection ? outputFormat(s.collection.output.preset).frameRate : 30,
  );
  const lostFrames = render ? render.framesSkipped + render.framesDropped : undefined;
  const lostFraction =
    render && render.framesRendered + render.framesSkipped > 0
      ? (lostFrames ?? 0) / (render.framesRendered + render.framesSkipped)
      : undefined;
  const video = stats?.video;
  const audio = stats?.audio;
  const limitation = video?.qualityLimitationReason;
  const codec = video?.codec
    ? `${video.codec.label}${video.encoderImplementation ? ` · ${video.encoderImplementation}` : ''}`
    : '—';
  const out = popOut.isOut('stats');
  const sent =
    stats && (stats.video || stats.audio)
      ? (stats.video?.bytesSent ?? 0) + (stats.audio?.bytesSent ?? 0)
      : undefined;

  return (
    <section className="stats" data-testid="studio-stats" data-has-stats={stats ? 'true' : 'false'}>
      <div className="stats-head">
        <h2>Stats</h2>
        {popOut.available && (
          <button
            type="button"
            className="button button-small"
            data-testid="stats-pop-out"
            aria-pressed={out}
            aria-label={out ? 'Stats back to page' : 'Pop out stats'}
            title="Keep the live state and these numbers in a small window that stays on top of other tabs (with the program if it is out)"
            onClick={() => popOut.toggle('stats')}
          >
            {out ? 'Back to page' : 'Pop out'}
          </button>
        )}
      </div>
      <PopOutSlot
        popOut={popOut}
        part="stats"
        away={
          <p className="hint" data-testid="stats-away">
            Stats in the pop-out window
          </p>
        }
      >
        <div className="stats-body" data-testid="stats-body">
          {out && <StateLine />}
          <dl>
            <Stat
              id="render-fps"
              name="Render fps"
              value={formatFps(render?.fps, targetFps)}
              health={fpsHealth(render?.fps, targetFps)}
            />
            <Stat
              id="render-time"
              name="Render time"
              value={render ? `${formatMs(render.renderMs.p50)} · p95 ${formatMs(render.renderMs.p95)}` : '—'}
              health={renderTimeHealth(render?.renderMs.p95, targetFps)}
            />
            <Stat
              id="render-lost"
              name="Skipped / dropped"
              value={render ? `${render.framesSkipped} / ${render.framesDropped}` : '—'}
              health={lossHealth(lostFraction)}
            />
            <Stat id="renderer" name="Renderer" value={render?.renderer ?? '—'} />
            <Stat id="bitrate" name="Video bitrate" value={formatBitrate(video?.bitrateKbps)} />
            <Stat
              id="fps"
              name="Frame rate"
              value={formatFps(video?.fps, targetFps)}
              health={fpsHealth(video?.fps, targetFps)}
            />
            <Stat id="resolution" name="Resolution" value={formatResolution(video?.width, video?.height)} />
            <Stat id="codec" name="Codec" value={codec} />
            <Stat id="audio-bitrate" name="Audio bitrate" value={formatBitrate(audio?.bitrateKbps)} />
            <Stat id="rtt" name="Round trip" value={formatMs(stats?.rttMs)} />
            <Stat
              id="quality-limitation"
              name="Quality limit"
              value={limitation === undefined ? '—' : limitation === 'none' ? 'None' : limitation}
              health={qualityLimitationHealth(limitation)}
            />
            <Stat
              id="loss"
              name="Packets lost"
              value={formatLoss(video?.packetsLost, video?.fractionLost)}
              health={lossHealth(video?.fractionLost)}
            />
            <Stat
              id="feedback"
              name="NACK / PLI"
              value={video ? `${video.nackCount} / ${video.pliCount}` : '—'}
            />
            <Stat id="sent" name="Sent" value={sent === undefined ? '—' : formatBytes(sent)} />
          </dl>
          {!stats && <p className="hint">Encoder numbers appear once the stream is live.</p>}
        </div>
      </PopOutSlot>
    </section>
  );
}
