import type {
  AdminSession,
  AdminSessionList,
  AdminStream,
  AdminStreamEntry,
  AdminStreamList,
} from '@brume/protocol';
import { AdminApiError, adminRequest, type AdminFetch } from './admin-client';

export const ADMIN_POLL_INTERVAL_MS = 2000;
/** Where the admin token is kept: for this tab only, gone when it closes. */
export const ADMIN_TOKEN_KEY = 'brume:admin-token';

/**
 * - `checking`: the first answer has not come;
 * - `signed-out`: the admin API wants a token (401);
 * - `forbidden`: no token is configured and this browser is not on the server's machine (403);
 * - `signed-in`: with a token, or without one on the server's machine (`local`);
 * - `unreachable`: the server did not answer the first check.
 */
export type AdminAccess = 'checking' | 'signed-out' | 'forbidden' | 'signed-in' | 'unreachable';

export interface AdminState {
  access: AdminAccess;
  /** Signed in without a token (loopback, no token configured): there is nothing to sign out of. */
  local: boolean;
  streams: readonly AdminStream[];
  sessions: readonly AdminSession[];
  /** Why the sign-in failed, or why the access is refused. */
  accessError: string | undefined;
  /** The last failed action (kick, recording, config), until the next one succeeds. */
  actionError: string | undefined;
  /** Set while polling fails after a sign-in; the lists keep their last values. */
  pollError: string | undefined;
  /** Keys of actions in flight (`kick:ID`, `record:NAME`, `put:NAME`, ...), so their buttons wait. */
  pending: readonly string[];
}

export interface AdminStoreOptions {
  fetch?: AdminFetch;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  intervalMs?: number;
}

/**
 * The dashboard's admin side, framework-neutral (`getState`/`subscribe`, read by React with
 * `useSyncExternalStore`): whether the admin API lets this page in, the streams and sessions it
 * reports (polled while signed in), and the actions (kick, recording, stream entries). The server
 * decides; every action refreshes the lists from it rather than guessing the result.
 */
export class AdminStore {
  private state: AdminState = {
    access: 'checking',
    local: false,
    streams: [],
    sessions: [],
    accessError: undefined,
    actionError: undefined,
    pollError: undefined,
    pending: [],
  };
  private readonly listeners = new Set<() => void>();
  private readonly fetch: AdminFetch;
  private readonly storage: AdminStoreOptions['storage'];
  private readonly intervalMs: number;
  private token: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by sign-in/out and dispose: an answer to an older generation is ignored. */
  private generation = 0;
  private disposed = false;

  constructor(options: AdminStoreOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storage = options.storage;
    this.intervalMs = options.intervalMs ?? ADMIN_POLL_INTERVAL_MS;
    this.token = this.readToken();
  }

  getState = (): AdminState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The first check (with the token this tab kept, if any), then polling while signed in. */
  start(): Promise<void> {
    this.disposed = false;
    return this.refresh(++this.generation);
  }

  /** Tries `token`; kept for this tab only if the server accepts it. */
  async signIn(token: string): Promise<boolean> {
    const candidate = token.trim();
    if (candidate === '') {
      this.set({ accessError: 'Enter the admin token (auth.adminToken in the config file).' });
      return false;
    }
    const generation = ++this.generation;
    this.stopPolling();
    try {
      const lists = await this.load(candidate);
      if (generation !== this.generation) return false;
      this.token = candidate;
      this.writeToken(candidate);
      this.signedIn(lists, generation);
      return true;
    } catch (error) {
      if (generation !== this.generation) return false;
      const message =
        error instanceof AdminApiError && error.status === 401 ? 'Wrong admin token.' : describe(error);
      this.set({ accessError: message });
      return false;
    }
  }

  /** Forgets the token; the page asks again (or, on the server's machine with no token set, is let in). */
  signOut(): Promise<void> {
    this.token = undefined;
    this.writeToken(undefined);
    this.stopPolling();
    const generation = ++this.generation;
    this.set({
      access: 'checking',
      streams: [],
      sessions: [],
      accessError: undefined,
      actionError: undefined,
    });
    return this.refresh(generation);
  }

  kickSession(session: AdminSession): Promise<boolean> {
    return this.act(`kick:${session.id}`, `Kick ${session.role} ${session.protocol}`, () =>
      this.request('DELETE', `/api/admin/sessions/${encodeURIComponent(session.id)}`),
    );
  }

  kickPublisher(stream: string): Promise<boolean> {
    return this.act(`kick:${stream}`, `Kick the publisher of ${stream}`, () =>
      this.request('POST', `/api/admin/streams/${encodeURIComponent(stream)}/kick`),
    );
  }

  setRecording(stream: string, on: boolean): Promise<boolean> {
    return this.act(`record:${stream}`, `${on ? 'Start' : 'Stop'} recording ${stream}`, () =>
      this.request(on ? 'POST' : 'DELETE', `/api/streams/${encodeURIComponent(stream)}/recording`),
    );
  }

  putStream(name: string, entry: AdminStreamEntry): Promise<boolean> {
    return this.act(`put:${name}`, `Save stream entry ${name}`, () =>
      this.request('PUT', `/api/admin/streams/${encodeURIComponent(name)}`, entry),
    );
  }

  removeStream(name: string): Promise<boolean> {
    return this.act(`remove:${name}`, `Remove stream entry ${name}`, () =>
      this.request('DELETE', `/api/admin/streams/${encodeURIComponent(name)}`),
    );
  }

  dismissActionError(): void {
    this.set({ actionError: undefined });
  }

  /** Stops polling and ignores answers still on their way; `start()` begins again. */
  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.stopPolling();
  }

  private async act(key: string, what: string, run: () => Promise<unknown>): Promise<boolean> {
    if (this.state.pending.includes(key)) return false;
    const generation = this.generation;
    this.set({ pending: [...this.state.pending, key] });
    let ok = false;
    try {
      await run();
      ok = true;
      if (generation === this.generation) this.set({ actionError: undefined });
    } catch (error) {
      if (generation !== this.generation) return false;
      if (error instanceof AdminApiError && error.status === 401) {
        this.signedOut('The admin token is no longer accepted; sign in again.');
        return false;
      }
      const problems = error instanceof AdminApiError && error.problems.length > 0 ? error.problems : [];
      this.set({
        actionError: `${what} failed: ${problems.length > 0 ? problems.join('; ') : describe(error)}`,
      });
    } finally {
      this.set({ pending: this.state.pending.filter((pending) => pending !== key) });
    }
    if (generation === this.generation && this.state.access === 'signed-in') {
      this.stopPolling();
      await this.refresh(generation);
    }
    return ok;
  }

  private async refresh(generation: number): Promise<void> {
    try {
      const lists = await this.load(this.token);
      if (generation !== this.generation || this.disposed) return;
      this.signedIn(lists, generation);
    } catch (error) {
      if (generation !== this.generation || this.disposed) return;
      if (error instanceof AdminApiError && error.status === 401) {
        this.signedOut(
          this.token !== undefined
            ? 'The saved admin token is no longer accepted; sign in again.'
            : undefined,
        );
      } else if (error instanceof AdminApiError && error.status === 403) {
        this.set({ access: 'forbidden', accessError: error.message, streams: [], sessions: [] });
      } else if (this.state.access === 'signed-in') {
        this.set({ pollError: describe(error) });
        this.schedule(generation);
      } else {
        this.set({ access: 'unreachable', accessError: describe(error) });
      }
    }
  }

  private load(token: string | undefined): Promise<[AdminStreamList, AdminSessionList]> {
    return Promise.all([
      adminRequest<AdminStreamList>(this.fetch, token, 'GET', '/api/admin/streams'),
      adminRequest<AdminSessionList>(this.fetch, token, 'GET', '/api/admin/sessions'),
    ]);
  }

  private signedIn([streams, sessions]: [AdminStreamList, AdminSessionList], generation: number): void {
    this.set({
      access: 'signed-in',
      local: this.token === undefined,
      streams: Array.isArray(streams.streams) ? streams.streams : [],
      sessions: Array.isArray(sessions.sessions) ? sessions.sessions : [],
      accessError: undefined,
      pollError: undefined,
    });
    this.schedule(generation);
  }

  private signedOut(message: string | undefined): void {
    this.token = undefined;
    this.writeToken(undefined);
    this.stopPolling();
    this.generation++;
    this.set({ access: 'signed-out', local: false, streams: [], sessions: [], accessError: message });
  }

  private schedule(generation: number): void {
    this.stopPolling();
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.refresh(generation), this.intervalMs);
  }

  private stopPolling(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private request(method: string, path: string, body?: unknown): Promise<unknown> {
    return adminRequest(this.fetch, this.token, method, path, body);
  }

  private set(patch: Partial<AdminState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private readToken(): string | undefined {
    try {
      return this.storage?.getItem(ADMIN_TOKEN_KEY) ?? undefined;
    } catch {
      return undefined; // storage refused (privacy mode): sign in each time
    }
  }

  private writeToken(token: string | undefined): void {
    try {
      if (token === undefined) this.storage?.removeItem(ADMIN_TOKEN_KEY);
      else this.storage?.setItem(ADMIN_TOKEN_KEY, token);
    } catch {
      // Storage refused: the token lives in memory for this page only.
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof AdminApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
