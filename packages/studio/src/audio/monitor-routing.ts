/**
 * Where each channel goes. Two outputs: the program (what WHIP sends and the recorder records) and
 * the monitor (local headphones). The decisions are pure so they can be tested without audio.
 *
 * - Program: every channel that is not muted. Solo never changes what is sent — the same rule as
 *   OBS, where monitoring is a local affair: soloing a guest to check them does not take the host
 *   off air.
 * - Monitor: while any channel is soloed, exactly the soloed channels, muted or not (solo is a
 *   pre-listen: a producer checks a muted guest's microphone before opening it); otherwise every
 *   channel with `monitor` on that is not muted.
 */

export interface ChannelRoutingInput {
  muted: boolean;
  monitor: boolean;
  solo: boolean;
}

export interface ChannelRoute {
  /** Heard in the program mix. */
  program: boolean;
  /** Heard on the monitor output. */
  monitor: boolean;
}

export function routeChannels<Id extends string>(
  channels: ReadonlyMap<Id, ChannelRoutingInput>,
): Map<Id, ChannelRoute> {
  const anySolo = [...channels.values()].some((channel) => channel.solo);
  const routes = new Map<Id, ChannelRoute>();
  for (const [id, channel] of channels) {
    routes.set(id, {
      program: !channel.muted,
      monitor: anySolo ? channel.solo : channel.monitor && !channel.muted,
    });
  }
  return routes;
}
