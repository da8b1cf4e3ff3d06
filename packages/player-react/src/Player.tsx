import { createPlayer, type Player as PlayerCore, type PlayerOptions } from '@brume/player';
import { useEffect, useInsertionEffect, useRef, useState } from 'react';
import { formatStats } from './format-stats';
import { ensurePlayerStyles } from './player-styles';
import { statusText } from './status-text';
import { usePlayerState } from './use-player-state';
import { usePlayerStats } from './use-player-stats';

/** The core's options (but the video element, which the component owns); `muted` defaults to true here. */
export interface PlayerProps extends Omit<PlayerOptions, 'video'> {
  className?: string;
  /** Receives the core when it is created and `undefined` when it is disposed. */
  onPlayer?: (player: PlayerCore | undefined) => void;
}

const PlayIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M8 5v14l11-7z" />
  </svg>
);
const PauseIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M6 5h4v14H6zM14 5h4v14h-4z" />
  </svg>
);
const SoundIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M4 9v6h4l5 5V4L8 9H4zm12.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z" />
  </svg>
);
const MutedIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M4 9v6h4l5 5V4L8 9H4zm16.6 3 2.1-2.1-1.4-1.4-2.1 2.1-2.1-2.1-1.4 1.4 2.1 2.1-2.1 2.1 1.4 1.4 2.1-2.1 2.1 2.1 1.4-1.4z" />
  </svg>
);

/**
 * A live player: video, play/pause, mute, a state line and a stats line, on top of the headless core.
 * It creates the core when mounted and disposes it when unmounted or when the stream changes.
 */
export function Player({
  stream,
  server,
  token,
  latencyMeter = true,
  autoPlay = true,
  muted = true,
  className,
  onPlayer,
}: PlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [core, setCore] = useState<PlayerCore>();
  const onPlayerRef = useRef(onPlayer);
  // Only the first value matters: later changes go through setMuted, not a new core.
  const initialMuted = useRef(muted);

  useInsertionEffect(() => ensurePlayerStyles(document), []);

  useEffect(() => {
    onPlayerRef.current = onPlayer;
  }, [onPlayer]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const player = createPlayer({
      video,
      stream,
      server,
      token,
      latencyMeter,
      autoPlay,
      muted: initialMuted.current,
    });
    setCore(player);
    onPlayerRef.current?.(player);
    return () => {
      player.dispose();
      setCore(undefined);
      onPlayerRef.current?.(undefined);
    };
  }, [stream, server, token, latencyMeter, autoPlay]);

  useEffect(() => {
    core?.setMuted(muted);
  }, [core, muted]);

  const state = usePlayerState(core);
  const stats = usePlayerStats(core);
  const status = state?.status ?? 'idle';
  const text = statusText(state);
  const paused = state?.paused ?? true;
  const isMuted = state?.muted ?? muted;
  const busy = status === 'connecting' || status === 'reconnecting' || status === 'waiting';

  return (
    <div
      className={className ? `brume-player ${className}` : 'brume-player'}
      data-testid="brume-player"
      data-state={status}
    >
      <div className="brume-player__stage">
        <video
          ref={videoRef}
          className="brume-player__video"
          data-testid="player-video"
          playsInline
          autoPlay={autoPlay}
          muted={initialMuted.current}
        />
        {status !== 'live' && (
          <div className="brume-player__overlay" aria-hidden="true">
            {busy && <div className="brume-player__spinner" />}
            <div>{text}</div>
          </div>
        )}
      </div>
      <div className="brume-player__bar">
        <button
          type="button"
          className="brume-player__button"
          data-testid="play-toggle"
          aria-label={paused ? 'Play' : 'Pause'}
          title={paused ? 'Play' : 'Pause'}
          onClick={() => (paused ? void core?.play() : core?.pause())}
        >
          {paused ? <PlayIcon /> : <PauseIcon />}
        </button>
        <button
          type="button"
          className="brume-player__button"
          data-testid="mute-toggle"
          aria-label={isMuted ? 'Unmute' : 'Mute'}
          title={isMuted ? 'Unmute' : 'Mute'}
          onClick={() => core?.setMuted(!isMuted)}
        >
          {isMuted ? <MutedIcon /> : <SoundIcon />}
        </button>
        <span className="brume-player__state" role="status">
          <span className="brume-player__dot" />
          <span data-testid="player-state">{text}</span>
        </span>
        <span className="brume-player__stats" data-testid="player-stats">
          {status === 'live' ? formatStats(stats) : ''}
        </span>
      </div>
    </div>
  );
}
