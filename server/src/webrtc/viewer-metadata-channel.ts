import type { WhepMetadataMessage } from '@brume/protocol';
import type { RTCDataChannel } from 'werift';
import type { MetadataStore, StoredMetadataEvent } from '../metadata/metadata-store';
import type { Logger } from '../util/logger';

/** Events this far behind the live edge (ms) are sent when the channel opens: what a viewer joining now may still show. */
export const METADATA_BACKLOG_MS = 5_000;
/** A clock message about this often (ms): enough to follow the slewing of the stream timeline. */
export const CLOCK_INTERVAL_MS = 1_000;
/** Until the first clock message, the clock is checked this often (ms), so mapping is exact early. */
const CLOCK_POLL_MS = 100;
/** A `meta` message groups events up to about this many characters (browsers take 256 KB; stay well under). */
const MAX_BATCH_CHARS = 60_000;

/** The viewer's video RTP timestamp (u32) and its stream time (ms), or undefined until known. */
export type ViewerClock = () => { rtp: number; streamMs: number } | undefined;

/**
 * Groups events into `meta` messages of at most about `maxChars` characters each (one larger
 * event goes alone), in the order given.
 */
export function metaMessages(events: readonly StoredMetadataEvent[], maxChars = MAX_BATCH_CHARS): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length) out.push(`{"type":"meta","events":[${batch.join(',')}]}`);
    batch = [];
    size = 0;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    if (size > 0 && size + json.length > maxChars) flush();
    batch.push(json);
    size += json.length + 1;
  }
  flush();
  return out;
}

export function clockMessage(rtp: number, streamMs: number): string {
  const message: WhepMetadataMessage = { type: 'clock', rtp, streamMs };
  return JSON.stringify(message);
}

/**
 * The `brume-metadata` data channel of one WHEP viewer, once open: the recent backlog of the
 * stream's metadata, then each event as the store accepts it, and a clock message about once a
 * second that pairs the viewer's video RTP timestamps with stream time.
 */
export class ViewerMetadataChannel {
  private readonly cleanups: (() => void)[] = [];
  private lastClockAt: number | undefined;
  private disposed = false;

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly store: MetadataStore,
    private readonly clock: ViewerClock,
    private readonly log: Logger,
  ) {
    if (channel.readyState === 'open') this.open();
    else {
      const { unSubscribe } = channel.stateChanged.subscribe((state) => {
        if (state === 'open') this.open();
        if (state === 'closed') this.dispose();
      });
      this.cleanups.push(unSubscribe);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private open(): void {
    if (this.disposed) return;
    const liveEdge = this.store.liveEdgeMs();
    if (liveEdge !== undefined) {
      const backlog = this.store.between(liveEdge - METADATA_BACKLOG_MS, Infinity, { overlapping: true });
      for (const message of metaMessages(backlog)) this.send(message);
    }
    this.cleanups.push(this.store.subscribe((event) => this.send(metaMessages([event])[0] ?? '')));
    const timer = setInterval(() => this.tick(), CLOCK_POLL_MS);
    timer.unref();
    this.cleanups.push(() => clearInterval(timer));
    this.tick();
  }

  private tick(now = Date.now()): void {
    if (this.lastClockAt !== undefined && now - this.lastClockAt < CLOCK_INTERVAL_MS) return;
    const reading = this.clock();
    if (!reading) return;
    this.lastClockAt = now;
    this.send(clockMessage(reading.rtp, reading.streamMs));
  }

  private send(text: string): void {
    if (this.disposed || this.channel.readyState !== 'open') return;
    try {
      this.channel.send(text);
    } catch (error) {
      this.log.debug({ err: error }, 'metadata channel send failed');
    }
  }
}
