import type { KeyboardEvent } from 'react';
import { LARGE_SEEK_S, SMALL_SEEK_S } from '../key-map';
import { seekTo } from '../player-actions';
import { usePlayer, useUi } from '../player-context';
import {
  bufferedSpans,
  fractionOf,
  seekValueText,
  seekWindow,
  timeAt,
  timeLabel,
  type SeekWindow,
} from '../seek-bar-math';
import { usePlayerState } from '../use-player-state';
import { useSliderPointer } from '../use-slider-pointer';

const percent = (fraction: number): string => `${(fraction * 100).toFixed(3)}%`;

/**
 * The timeline: buffered ranges, the played part, a thumb, and a tooltip with the time under the
 * pointer (`-0:12` behind live). Over a live DVR window the right end is the live edge. Dragging
 * previews the position and seeks on release, so a drag is one seek, not a burst of them.
 */
export function SeekBar() {
  const { player, ui, strings } = usePlayer();
  const state = usePlayerState(player);
  const preview = useUi((s) => s.seekPreview);
  const window = seekWindow(state);

  const pointer = useSliderPointer({
    onHover: (fraction) => {
      if (ui.getState().seekPreview?.dragging) return;
      ui.getState().setSeekPreview(fraction === undefined ? undefined : { fraction, dragging: false });
    },
    onDrag: (fraction, phase) => {
      const span = seekWindow(player.getState());
      if (phase === 'end' && span) seekTo(player, timeAt(fraction, span), span);
      ui.getState().setSeekPreview(
        phase === 'start' || phase === 'move' ? { fraction, dragging: true } : undefined,
      );
    },
  });

  if (!window) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = keyTarget(event.key, state.currentTime, window);
    if (target === undefined) return;
    event.preventDefault();
    seekTo(player, target, window);
  };

  const played = preview?.dragging ? preview.fraction : fractionOf(state.currentTime, window);
  const position = window.end - window.start;
  return (
    <div
      className="brume-slider brume-seek"
      data-testid="seek-bar"
      data-live={window.live || undefined}
      role="slider"
      tabIndex={0}
      aria-label={strings.seek}
      aria-valuemin={0}
      aria-valuemax={Math.round(position)}
      aria-valuenow={Math.round(Math.min(position, Math.max(0, state.currentTime - window.start)))}
      aria-valuetext={seekValueText(state.currentTime, window, strings)}
      onKeyDown={onKeyDown}
      {...pointer}
    >
      <div className="brume-slider__track">
        {bufferedSpans(state.buffered, window).map((span) => (
          <div
            key={span.from}
            className="brume-seek__buffered"
            style={{ left: percent(span.from), width: percent(span.to - span.from) }}
          />
        ))}
        {preview && !preview.dragging && (
          <div className="brume-seek__hover" style={{ width: percent(preview.fraction) }} />
        )}
        <div className="brume-slider__fill" style={{ width: percent(played) }} />
      </div>
      <div className="brume-slider__thumb" style={{ left: percent(played) }} />
      {preview && (
        <div
          className="brume-seek__tooltip"
          // Kept inside the bar at both ends, so "-1:02:03" never spills out of the player.
          style={{ left: `clamp(28px, ${percent(preview.fraction)}, calc(100% - 28px))` }}
          aria-hidden="true"
        >
          {timeLabel(timeAt(preview.fraction, window), window)}
        </div>
      )}
    </div>
  );
}

/** Where a key moves the playhead: arrows 5 s, Page keys 10 s, Home/End the ends of the window. */
function keyTarget(key: string, current: number, window: SeekWindow): number | undefined {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return current - SMALL_SEEK_S;
    case 'ArrowRight':
    case 'ArrowUp':
      return current + SMALL_SEEK_S;
    case 'PageDown':
      return current - LARGE_SEEK_S;
    case 'PageUp':
      return current + LARGE_SEEK_S;
    case 'Home':
      return window.start;
    case 'End':
      return window.end;
  }
  return undefined;
}
