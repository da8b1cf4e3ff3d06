import type { MergedList } from './cluster-route';
import { workerOf } from './cluster-route';

/**
 * Merges the JSON answers of every worker to one list request (`/api/streams`, `/api/sessions`…)
 * into the answer one relay would give. Each worker lists what it holds; a stream known everywhere
 * (a configured stream is listed offline by every worker) is taken from the worker that holds it,
 * so its state is the real one; `/api/stats` adds up a stream's viewers over the workers. Pure: parsed bodies in (in worker order), body out.
 */
export function mergeLists(list: Exclude<MergedList, 'metrics'>, bodies: readonly unknown[]): unknown {
  switch (list) {
    case 'streams':
    case 'admin-streams':
      return { ...first(bodies), streams: byOwner(bodies, 'streams', (item) => stringField(item, 'name')) };
    case 'stats':
      return {
        ...first(bodies),
        at: Date.now(),
        streams: byOwner(bodies, 'streams', (item) => stringField(item, 'name')).map((item) =>
          withAllViewers(item, bodies),
        ),
      };
    case 'sessions':
    case 'admin-sessions':
      return { ...first(bodies), sessions: concat(bodies, 'sessions') };
    case 'recordings':
      return { ...first(bodies), recordings: recordingsOf(bodies) };
  }
}

function first(bodies: readonly unknown[]): Record<string, unknown> {
  const body = bodies[0];
  return typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
}

function itemsOf(body: unknown, key: string): unknown[] {
  const items =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(items) ? items : [];
}

function concat(bodies: readonly unknown[], key: string): unknown[] {
  return bodies.flatMap((body) => itemsOf(body, key));
}

function stringField(item: unknown, field: string): string | undefined {
  const value =
    typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** One entry per name: the holding worker's when it lists it, else the first worker's. */
function byOwner(
  bodies: readonly unknown[],
  key: string,
  nameOf: (item: unknown) => string | undefined,
): unknown[] {
  const chosen = new Map<string, { item: unknown; owned: boolean }>();
  const order: string[] = [];
  bodies.forEach((body, worker) => {
    for (const item of itemsOf(body, key)) {
      const name = nameOf(item);
      if (name === undefined) continue;
      const owned = workerOf(name, bodies.length) === worker;
      const seen = chosen.get(name);
      if (!seen) order.push(name);
      if (!seen || (owned && !seen.owned)) chosen.set(name, { item, owned });
    }
  });
  return order.map((name) => chosen.get(name)!.item);
}

/**
 * A stream's viewers on every worker: past `spreadAfter` its WHEP and `/ws` viewers are spread over
 * workers that pull it from its holder (each reports its own; the pulls themselves are not viewers).
 */
function withAllViewers(item: unknown, bodies: readonly unknown[]): unknown {
  const name = stringField(item, 'name');
  if (name === undefined) return item;
  const sum: Record<string, number> = { total: 0 };
  for (const body of bodies) {
    for (const entry of itemsOf(body, 'streams')) {
      if (stringField(entry, 'name') !== name) continue;
      const viewers = (entry as Record<string, unknown>).viewers;
      if (typeof viewers !== 'object' || viewers === null) continue;
      for (const [protocol, count] of Object.entries(viewers)) {
        if (typeof count === 'number') sum[protocol] = (sum[protocol] ?? 0) + count;
      }
    }
  }
  return { ...(item as Record<string, unknown>), viewers: sum };
}

/**
 * Recordings live in a shared directory, so every worker lists every file; a file is being
 * written (`active`) if the worker writing it says so — only that one knows.
 */
function recordingsOf(bodies: readonly unknown[]): unknown[] {
  const files = new Map<string, Record<string, unknown>>();
  for (const body of bodies) {
    for (const item of itemsOf(body, 'recordings')) {
      const file = stringField(item, 'file');
      if (file === undefined) continue;
      const entry = item as Record<string, unknown>;
      const seen = files.get(file);
      if (!seen) files.set(file, { ...entry });
      else if (entry.active === true) files.set(file, { ...seen, ...entry });
    }
  }
  return [...files.values()];
}
