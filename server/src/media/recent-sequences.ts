/** How many of the latest sequence numbers are remembered per source: ~3 s of a 2.5 Mbit/s video track. */
const SIZE = 1024;

/**
 * Tells a first copy of an RTP packet from a repeat, by SSRC and sequence number. A publisher
 * answers our NACKs by sending a packet again; when the first copy was only late (the relay's
 * event loop was busy, not the network), both arrive, and forwarding both sends every viewer the
 * same packet twice — under load, more load. Per SSRC (simulcast layers and a restarted encoder
 * number their packets apart), a ring of the last 1,024 numbers, exact values rather than bits, so
 * a source whose numbering jumps never has a new packet taken for an old one.
 */
export class RecentSequences {
  private readonly rings = new Map<number, Int32Array>();

  /** True the first time (`ssrc`, `sequenceNumber`) is seen among that source's latest 1,024. */
  firstSeen(ssrc: number, sequenceNumber: number): boolean {
    let ring = this.rings.get(ssrc);
    if (!ring) {
      // A publisher has a handful of sources; a stream of made-up SSRCs must not grow this.
      if (this.rings.size >= MAX_SOURCES) this.rings.clear();
      this.rings.set(ssrc, (ring = new Int32Array(SIZE).fill(-1)));
    }
    const slot = sequenceNumber % SIZE;
    if (ring[slot] === sequenceNumber) return false;
    ring[slot] = sequenceNumber;
    return true;
  }
}

/** Sources remembered at once (simulcast layers, RTX-less repairs, a new SSRC after a restart). */
const MAX_SOURCES = 16;
