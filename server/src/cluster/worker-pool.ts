import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { ToPrimary, ToWorker } from './worker-messages';

const WORKER_MAIN = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
/** A worker that died is started again after this, doubling while it keeps dying young. */
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before dying counts as healthy: its next restart is quick again. */
const HEALTHY_AFTER_MS = 60_000;

export interface WorkerPoolOptions {
  count: number;
  /** Arguments and environment of the relay (flags such as `--config` pass through). */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  key: string;
  log: Logger;
  /** How long `dispose()` waits for workers to drain before killing them. */
  stopTimeoutMs: number;
}

export interface WorkerPoolEvents {
  [event: string]: unknown[];
  /** Worker `index` listens (again) on `port`. */
  ready: [index: number, port: number];
  /** Worker `index` exited unexpectedly; it will be restarted. */
  exit: [index: number, code: number | null, signal: NodeJS.Signals | null];
  /** Any other message of worker `index`. */
  message: [index: number, message: ToPrimary];
}

interface Slot {
  index: number;
  child: ChildProcess | undefined;
  port: number | undefined;
  startedAt: number;
  restartDelayMs: number;
  restartTimer: NodeJS.Timeout | undefined;
}

/**
 * The cluster's worker processes (`worker-main.ts`), one per slot: started, watched, restarted with
 * backoff when one dies (its streams come back on the same slot: placement is by name), stopped
 * together (`start`, `dispose`). A worker is routable once it said `ready` with its port.
 */
export class WorkerPool {
  readonly events = new Emitter<WorkerPoolEvents>();
  private readonly slots: Slot[];
  private disposing = false;
  private extraEnv: NodeJS.ProcessEnv = {};

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      child: undefined,
      port: undefined,
      startedAt: 0,
      restartDelayMs: RESTART_MIN_MS,
      restartTimer: undefined,
    }));
  }

  /** Starts every worker, with `env` added to theirs (known only once the front listens). */
  start(env: NodeJS.ProcessEnv = {}): void {
    this.extraEnv = env;
    for (const slot of this.slots) if (!slot.child) this.spawn(slot);
  }

  get count(): number {
    return this.slots.length;
  }

  /** The loopback port of worker `index`, undefined while it (re)starts. */
  portOf(index: number): number | undefined {
    return this.slots[index]?.port;
  }

  /** Process ids of the running workers (tests, diagnostics). */
  get pids(): (number | undefined)[] {
    return this.slots.map((slot) => slot.child?.pid);
  }

  /** Resolves once every worker is ready (or rejects after `timeoutMs`). */
  ready(timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.slots.every((slot) => slot.port !== undefined)) {
          off();
          clearTimeout(timer);
          resolve();
        }
      };
      const off = this.events.on('ready', check);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`cluster workers not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      check();
    });
  }

  /**
   * Hands a client connection to worker `index` (the socket leaves this process); false when the
   * worker is not running, and the caller still owns the socket.
   */
  handOver(index: number, socket: Socket, head: Buffer): boolean {
    const slot = this.slots[index];
    if (!slot?.child?.connected || slot.port === undefined) return false;
    const message: ToWorker = { type: 'connection', head: head.toString('base64') };
    slot.child.send(message, socket, { keepOpen: false });
    return true;
  }

  /** Sends `message` to worker `index`; false when it is not running. */
  send(index: number, message: ToWorker): boolean {
    const slot = this.slots[index];
    if (!slot?.child?.connected || slot.port === undefined) return false;
    slot.child.send(message);
    return true;
  }

  /** Stops every worker: SIGTERM (each drains as a relay does), SIGKILL after the timeout. */
  async dispose(): Promise<void> {
    this.disposing = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        clearTimeout(slot.restartTimer);
        const child = slot.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.events.removeAll();
  }

  /** Every worker learns every worker's port (pulls between workers go straight to the holder). */
  private tellPeers(): void {
    const message: ToWorker = { type: 'peers', ports: this.slots.map((slot) => slot.port ?? null) };
    for (const slot of this.slots) if (slot.child?.connected) slot.child.send(message);
  }

  private spawn(slot: Slot): void {
    const { args, env, key, log } = this.options;
    const child = fork(WORKER_MAIN, [...args], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...env,
        ...this.extraEnv,
        BRUME_CLUSTER_KEY: key,
        BRUME_WORKER_INDEX: String(slot.index),
        BRUME_WORKER_COUNT: String(this.slots.length),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    slot.child = child;
    slot.port = undefined;
    slot.startedAt = Date.now();
    child.on('message', (message: ToPrimary) => {
      if (message.type !== 'ready') return void this.events.emit('message', slot.index, message);
      slot.port = message.port;
      this.tellPeers();
      log.info(
        { worker: slot.index, pid: child.pid, port: message.port },
        `worker ${slot.index} ready (pid ${child.pid})`,
      );
      this.events.emit('ready', slot.index, message.port);
    });
    child.on('error', (error) =>
      log.error({ err: error, worker: slot.index }, `worker ${slot.index} failed`),
    );
    child.on('exit', (code, signal) => {
      if (slot.child !== child) return;
      slot.child = undefined;
      slot.port = undefined;
      if (this.disposing) return;
      this.tellPeers();
      const ranMs = Date.now() - slot.startedAt;
      slot.restartDelayMs = ranMs >= HEALTHY_AFTER_MS ? RESTART_MIN_MS : slot.restartDelayMs;
      log.error(
        { worker: slot.index, code, signal, restartInMs: slot.restartDelayMs },
        `worker ${slot.index} exited (${signal ?? `code ${code}`}) after ${(ranMs / 1000).toFixed(1)} s: its streams ended; restarting in ${slot.restartDelayMs} ms`,
      );
      this.events.emit('exit', slot.index, code, signal);
      slot.restartTimer = setTimeout(() => this.spawn(slot), slot.restartDelayMs);
      slot.restartDelayMs = Math.min(slot.restartDelayMs * 2, RESTART_MAX_MS);
    });
  }
}
