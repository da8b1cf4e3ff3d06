/**
 * The benches' child processes: a role of the same script (`node --import tsx SCRIPT ROLE`), pinned
 * to a core with `taskset` unless BENCH_PIN=0 (or taskset is missing), talking over IPC.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

let taskset: boolean | undefined;

/** Whether `taskset` works here (not in every container). */
export function hasTaskset(): boolean {
  taskset ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return taskset;
}

/** Starts `script` with `role` as its argument, on core `cpu` when `pin`. */
export function benchChild(
  script: string,
  role: string,
  cpu: number,
  extraArgs: readonly string[],
  pin: boolean,
): ChildProcess {
  const node = [...extraArgs, '--import', 'tsx', script, role];
  const [command, args] =
    pin && hasTaskset()
      ? ['taskset', ['-c', String(cpu), process.execPath, ...node]]
      : [process.execPath, node];
  return spawn(command, args as string[], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/**
 * Sends `message` (none when it is empty) and resolves with the child's first reply of `type`;
 * rejects when the child exits first, the send fails, or no reply comes within `timeoutMs`.
 */
export function request<T extends { type: string }>(
  proc: ChildProcess,
  message: object,
  type: T['type'],
  timeoutMs = 300_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} reply`)), timeoutMs);
    const onExit = () => reject(new Error(`a child exited before its ${type} reply`));
    const onMessage = (reply: T) => {
      if (reply.type !== type) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(reply);
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
    if (Object.keys(message).length > 0) {
      proc.send(
        message,
        (error) => error && reject(new Error(`${type} request: a child is gone`, { cause: error })),
      );
    }
  });
}

/** Sends without waiting for a reply; a child that is gone is noticed by the next `request`. */
export function tell(proc: ChildProcess, message: object): void {
  if (proc.connected) proc.send(message, () => undefined);
}
