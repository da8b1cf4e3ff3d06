import { pageBundle } from '../page-bundle';

/**
 * The harness and the compositor worker, each as one IIFE, built once per Playwright worker
 * process. The worker bundle is handed to the page as text (`__compositorWorkerSource`) and started
 * from a blob URL: esbuild does not follow Vite's `new Worker(new URL(...))` pattern.
 */
export async function compositorScripts(): Promise<{ harness: string; worker: string }> {
  const [harness, worker] = await Promise.all([
    pageBundle(new URL('./harness.ts', import.meta.url)),
    pageBundle(new URL('../../packages/studio/src/compositor/worker/compositor-worker.ts', import.meta.url)),
  ]);
  return { harness, worker };
}
