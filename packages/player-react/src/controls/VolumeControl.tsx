import type { KeyboardEvent } from 'react';
import { MutedIcon, VolumeHighIcon, VolumeLowIcon } from '../icons';
import { VOLUME_STEP } from '../key-map';
import { usePlayer, useUi } from '../player-context';
import { usePlayerState } from '../use-player-state';
import { useSliderPointer } from '../use-slider-pointer';

/** Mute button and volume slider; the slider stays out of compact layouts (phones use their buttons). */
export function VolumeControl() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  const compact = useUi((ui) => ui.compact);
  const silent = state.muted || state.volume === 0;
  const level = state.muted ? 0 : state.volume;
  const percent = Math.round(level * 100);
  const setLevel = (volume: number): void => {
    const clamped = Math.min(1, Math.max(0, volume));
    player.setVolume(clamped);
    if (clamped === 0 && !state.muted) player.setMuted(true);
  };
  const pointer = useSliderPointer({ onDrag: (fraction, phase) => phase !== 'cancel' && setLevel(fraction) });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step: Record<string, number> = {
      ArrowUp: VOLUME_STEP,
      ArrowRight: VOLUME_STEP,
      ArrowDown: -VOLUME_STEP,
      ArrowLeft: -VOLUME_STEP,
      PageUp: 0.1,
      PageDown: -0.1,
    };
    if (event.key in step) setLevel(level + (step[event.key] ?? 0));
    else if (event.key === 'Home') setLevel(0);
    else if (event.key === 'End') setLevel(1);
    else return;
    event.preventDefault();
  };
  const label = state.muted ? strings.unmute : strings.mute;
  return (
    <div className="brume-volume">
      <button
        type="button"
        className="brume-button"
        data-testid="mute-toggle"
        aria-label={label}
        title={label}
        onClick={() => player.setMuted(!state.muted)}
      >
        {silent ? <MutedIcon /> : state.volume < 0.5 ? <VolumeLowIcon /> : <VolumeHighIcon />}
      </button>
      {!compact && (
        <div
          className="brume-slider brume-volume__slider"
          data-testid="volume-slider"
          role="slider"
          tabIndex={0}
          aria-label={strings.volume}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={state.muted ? strings.muted : strings.volumeValue(percent)}
          onKeyDown={onKeyDown}
          {...pointer}
        >
          <div className="brume-slider__track">
            <div className="brume-slider__fill" style={{ width: `${percent}%` }} />
          </div>
          <div className="brume-slider__thumb" style={{ left: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}
