import { describe, expect, it } from 'vitest';
import { routeChannels, type ChannelRoutingInput } from './monitor-routing';

const channel = (overrides: Partial<ChannelRoutingInput> = {}): ChannelRoutingInput => ({
  muted: false,
  monitor: false,
  solo: false,
  ...overrides,
});

describe('routeChannels', () => {
  it('sends every unmuted channel and monitors only the monitored ones', () => {
    const routes = routeChannels(
      new Map([
        ['mic', channel({ monitor: true })],
        ['screen', channel()],
        ['music', channel({ muted: true, monitor: true })],
      ]),
    );
    expect(Object.fromEntries(routes)).toEqual({
      mic: { program: true, monitor: true },
      screen: { program: true, monitor: false },
      music: { program: false, monitor: false },
    });
  });

  it('while anything is soloed, the monitor hears only soloed channels', () => {
    const routes = routeChannels(
      new Map([
        ['mic', channel({ monitor: true })],
        ['guest', channel({ solo: true })],
        ['music', channel({ monitor: true, solo: true })],
      ]),
    );
    expect(routes.get('mic')).toEqual({ program: true, monitor: false });
    expect(routes.get('guest')).toEqual({ program: true, monitor: true });
    expect(routes.get('music')).toEqual({ program: true, monitor: true });
  });

  it('solo pre-listens a muted channel without putting it on air', () => {
    const routes = routeChannels(new Map([['guest', channel({ muted: true, solo: true })]]));
    expect(routes.get('guest')).toEqual({ program: false, monitor: true });
  });

  it('never changes what is sent', () => {
    const base = new Map([
      ['a', channel()],
      ['b', channel({ muted: true })],
      ['c', channel({ monitor: true })],
    ]);
    const soloed = new Map([...base].map(([id, c]) => [id, { ...c, solo: id === 'b' }] as const));
    const program = (routes: Map<string, { program: boolean }>) =>
      [...routes].map(([id, route]) => [id, route.program]);
    expect(program(routeChannels(soloed))).toEqual(program(routeChannels(base)));
  });

  it('handles no channels', () => {
    expect(routeChannels(new Map()).size).toBe(0);
  });
});
