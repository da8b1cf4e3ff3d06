/**
 * Which worker takes a new WebRTC or `/ws` viewer. A stream lives on one worker (`workerOf`), and
 * its viewers go there while it has few; past `spreadAfter` viewers of that stream, a new viewer
 * goes to the worker with the fewest viewers in all, which pulls the stream from its holder once
 * (as an edge pulls from its origin) and serves it from its own core. So one popular stream uses
 * every core, and a quiet one costs no pull.
 *
 * Viewer counts come from the workers' `/api/stats` (polled) plus the viewers routed since that
 * answer, so a burst of joins between two polls does not all land on one worker.
 */
export class ViewerSpread {
  /** Per worker: stream → viewers, as last reported. */
  private reported: Map<string, number>[];
  /** Per worker: stream → viewers routed there since its last report. */
  private routed: Map<string, number>[];

  constructor(
    private readonly count: number,
    private readonly spreadAfter: number,
  ) {
    this.reported = Array.from({ length: count }, () => new Map());
    this.routed = Array.from({ length: count }, () => new Map());
  }

  /** Worker `index` reports its viewers per stream (an `/api/stats` answer). */
  report(index: number, viewersByStream: ReadonlyMap<string, number>): void {
    this.reported[index] = new Map(viewersByStream);
    this.routed[index] = new Map();
  }

  /** Worker `index` is gone (restarting): it has no viewers. */
  forget(index: number): void {
    this.report(index, new Map());
  }

  /** The worker for a new viewer of `stream`, whose holder is `owner`; `up(i)`: worker i runs. */
  choose(stream: string, owner: number, up: (index: number) => boolean): number {
    let chosen = owner;
    if (this.viewersOf(owner, stream) >= this.spreadAfter || !up(owner)) {
      let best = Number.POSITIVE_INFINITY;
      for (let index = 0; index < this.count; index++) {
        if (!up(index)) continue;
        // The holder wins ties: its viewers need no pull.
        const load = this.total(index) + (index === owner ? 0 : 0.5);
        if (load < best) {
          best = load;
          chosen = index;
        }
      }
    }
    const routed = this.routed[chosen]!;
    routed.set(stream, (routed.get(stream) ?? 0) + 1);
    return chosen;
  }

  private viewersOf(index: number, stream: string): number {
    return (this.reported[index]!.get(stream) ?? 0) + (this.routed[index]!.get(stream) ?? 0);
  }

  private total(index: number): number {
    let sum = 0;
    for (const viewers of this.reported[index]!.values()) sum += viewers;
    for (const viewers of this.routed[index]!.values()) sum += viewers;
    return sum;
  }
}

/** `w3-` before a WHEP session id: the session lives on worker 3, not on its stream's holder. */
const SPREAD_ID = /^w(\d{1,2})-(.+)$/;

/** The session path as the front hands it out: the worker's id, marked with the worker. */
export function spreadSessionLocation(location: string, index: number): string {
  const cut = location.lastIndexOf('/') + 1;
  return `${location.slice(0, cut)}w${index}-${location.slice(cut)}`;
}

/**
 * For `/whep/:name/w3-<id>` (PATCH, DELETE): worker 3 and the path that worker knows
 * (`/whep/:name/<id>`); undefined for any other URL.
 */
export function spreadSessionTarget(url: string): { index: number; url: string } | undefined {
  const [path = '', query] = url.split('?', 2);
  const parts = path.split('/');
  if (parts.length !== 4 || parts[1] !== 'whep') return undefined;
  const match = SPREAD_ID.exec(parts[3]!);
  if (!match) return undefined;
  const rewritten = `/whep/${parts[2]}/${match[2]}${query === undefined ? '' : `?${query}`}`;
  return { index: Number(match[1]), url: rewritten };
}
