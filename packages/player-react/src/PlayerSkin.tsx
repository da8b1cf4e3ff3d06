import type { ReactNode } from 'react';
import { ControlBar } from './controls/ControlBar';
import { MenuPopup } from './menus/MenuPopup';
import { BigPlayButton } from './overlays/BigPlayButton';
import { ErrorOverlay } from './overlays/ErrorOverlay';
import { GestureLayer } from './overlays/GestureLayer';
import { StatsPanel } from './overlays/StatsPanel';
import { StatusOverlay } from './overlays/StatusOverlay';
import { UnmuteBadge } from './overlays/UnmuteBadge';
import { usePlayer } from './player-context';
import { useMetadataSubtitles } from './subtitles/subtitle-tracks';
import { useCastUi } from './cast/use-cast-ui';
import { useCompactLayout } from './use-compact-layout';
import { useIdleControls } from './use-idle-controls';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';
import { usePlayerState } from './use-player-state';
import { useWakeLock } from './use-wake-lock';

/**
 * Everything drawn over the video while a core exists, bottom to top: the gesture surface, status
 * and error overlays, the badges, the stats panel, the controls and the open menu. DOM order is focus order: the
 * overlays' buttons (unmute, retry) come before the control bar.
 */
export function PlayerSkin({ children }: { children?: ReactNode }) {
  const { player, ui } = usePlayer();
  const state = usePlayerState(player);
  const playing = state.status === 'playing' && !state.paused;
  useKeyboardShortcuts(player, ui);
  useIdleControls(player, ui, playing);
  useCompactLayout(player, ui);
  useWakeLock(playing);
  useMetadataSubtitles(player, ui);
  useCastUi(player, state.cast);
  return (
    <>
      <GestureLayer />
      <div data-cast="overlay" hidden />
      <StatusOverlay />
      <ErrorOverlay />
      <BigPlayButton />
      <UnmuteBadge />
      <StatsPanel />
      {children}
      <ControlBar />
      <MenuPopup />
    </>
  );
}
