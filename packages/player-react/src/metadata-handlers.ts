import type { FiredMetadataEvent, MetadataCallback } from '@brume/player';

/**
 * Calls the `onMetadata` handler of the event's track, then the `'*'` handler. One that throws does
 * not skip the other; the first error is rethrown, so the core reports it as it does for its own
 * subscribers.
 */
export function deliverMetadata(
  handlers: Readonly<Record<string, MetadataCallback>> | undefined,
  event: FiredMetadataEvent,
): void {
  if (!handlers) return;
  let failure: { error: unknown } | undefined;
  for (const handler of [handlers[event.track], handlers['*']]) {
    try {
      handler?.(event);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
