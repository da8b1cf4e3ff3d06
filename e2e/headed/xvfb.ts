import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface Xvfb {
  /** The X display, e.g. `:1`. */
  display: string;
  stop(): void;
}

/**
 * Starts a virtual X server for a headed Chromium (Debian package `xvfb`). `-displayfd` lets Xvfb pick
 * a free display and tell us which, so parallel runs never collide on a fixed number.
 */
export function startXvfb(timeoutMs = 10_000): Promise<Xvfb> {
  let child: ChildProcess;
  try {
    child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return Promise.reject(missing(error));
  }
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  return new Promise<Xvfb>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Xvfb did not report a display within ${timeoutMs} ms`));
    }, timeoutMs);
    (child.stdio[3] as Readable).once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve({ display: `:${String(data).trim()}`, stop });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(missing(error));
    });
  });
}

function missing(error: unknown): Error {
  return new Error('Xvfb could not start: install it with "apt-get install -y xvfb".', { cause: error });
}
