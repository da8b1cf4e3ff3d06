import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const harnessEntry = fileURLToPath(new URL('./harness.ts', import.meta.url));
const workerEntry = fileURLToPath(
  new URL('../../packages/studio/src/compositor/worker/compositor-worker.ts', import.meta.url),
);

function bundle(entry: string): Promise<string> {
  return build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
}

let scripts: Promise<{ harness: string; worker: string }> | undefined;

/**
 * The harness and the compositor worker, each as one IIFE, built once per Playwright worker
 * process. The worker bundle is handed to the page as text (`__compositorWorkerSource`) and started
 * from a blob URL: esbuild does not follow Vite's `new Worker(new URL(...))` pattern.
 */
export function compositorScripts(): Promise<{ harness: string; worker: string }> {
  scripts ??= Promise.all([bundle(harnessEntry), bundle(workerEntry)]).then(([harness, worker]) => ({
    harness,
    worker,
  }));
  return scripts;
}
