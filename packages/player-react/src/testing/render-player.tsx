import type { PlayerState } from '@brume/player';
import { act, render, screen } from '@testing-library/react';
import { Player, type PlayerProps } from '../Player';
import type { FakePlayer } from './fake-player';

/**
 * Renders `<Player/>` over a `FakePlayer` (the test file must mock the core first:
 * `vi.mock('@brume/player', () => import('./testing/fake-core-module'))`) and puts the fake in `state`.
 */
export function renderPlayer(state: Partial<PlayerState> = {}, props: Partial<PlayerProps> = {}) {
  const players: FakePlayer[] = [];
  const onPlayer: PlayerProps['onPlayer'] = (player) => {
    if (player) players.push(player as FakePlayer);
    props.onPlayer?.(player);
  };
  const result = render(<Player stream="demo" {...props} onPlayer={onPlayer} />);
  const player = players[players.length - 1];
  if (!player) throw new Error('renderPlayer: the core was not created');
  act(() => player.setState(state));
  return {
    ...result,
    player,
    players,
    root: screen.getByTestId('brume-player'),
    /** Changes the fake's state inside act(), as a core commit would arrive. */
    update: (patch: Partial<PlayerState>) => act(() => player.setState(patch)),
    rerenderWith: (next: Partial<PlayerProps>) =>
      result.rerender(<Player stream="demo" {...props} {...next} onPlayer={onPlayer} />),
  };
}

/** Typical states, to spread into `renderPlayer`. */
export const LIVE_PLAYING: Partial<PlayerState> = {
  status: 'playing',
  paused: false,
  live: true,
  atLiveEdge: true,
  duration: Infinity,
  engine: 'whep',
  protocol: 'whep',
  autoplay: 'unmuted',
};

export const VOD_PLAYING: Partial<PlayerState> = {
  status: 'playing',
  stream: undefined,
  paused: false,
  live: false,
  atLiveEdge: false,
  currentTime: 83,
  duration: 296,
  seekable: { start: 0, end: 296 },
  buffered: [{ start: 0, end: 120 }],
  engine: 'hlsjs',
  protocol: 'll-hls',
  autoplay: 'unmuted',
};

export const QUALITIES: PlayerState['tracks'] = {
  qualities: [
    { id: 'sd', height: 360, width: 640, bitrate: 800_000, label: '' },
    { id: 'hd', height: 720, width: 1280, bitrate: 2_500_000, label: '' },
  ],
  quality: 'auto',
  activeQuality: 'hd',
  audio: [],
  text: [],
};

export { screen };
