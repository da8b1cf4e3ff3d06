import { spawn } from 'node:child_process';
import { IngestError } from './ingest-error';

export interface ToolResult {
  /** Exit code; null when killed (timeout, abort). */
  code: number | null;
  stdout: string;
  /** The end of stderr (enough for the last error lines). */
  stderr: string;
}

/** stdout beyond this is cut (a probe answer is a few KB). */
const MAX_STDOUT = 4 * 1024 * 1024;
const STDERR_TAIL = 4096;

/**
 * Runs a short-lived tool (ffprobe) to its end. Killed at `timeoutMs` or when `signal` aborts, so
 * it never outlives its caller; a missing binary rejects with `IngestError.toolMissing`.
 */
export function runTool(
  binary: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_STDOUT) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(kill, options.timeoutMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === 'ENOENT' ? IngestError.toolMissing(binary, error) : error);
    });
    child.once('close', (code) => {
      done();
      resolve({ code, stdout, stderr });
    });
  });
}
