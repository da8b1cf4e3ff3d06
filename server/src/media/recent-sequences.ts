/** How many of the latest sequence numbers are remembered: ~3 s of a 2.5 Mbit/s video track. */
const SIZE = 1024;

/**
 * Tells a first copy of an RTP packet from a repeat, by sequence number. A publisher answers our
 * NACKs by sending a packet again; when the first copy was only late (the relay's event loop was
 * busy, not the network), both arrive, and forwarding both sends every viewer the same packet
 * twice — under load, more load. A ring of the last 1,024 numbers, exact values rather than bits,
 * so a publisher whose numbering jumps never has a new packet taken for an old one.
 */
export class RecentSequences {
  private readonly ring = new Int32Array(SIZE).fill(-1);

  /** True the first time `sequenceNumber` (16-bit) is seen among the latest 1,024. */
  firstSeen(sequenceNumber: number): boolean {
    const slot = sequenceNumber % SIZE;
    if (this.ring[slot] === sequenceNumber) return false;
    this.ring[slot] = sequenceNumber;
    return true;
  }
}
