import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface PageBundleOptions {
  /** Minify as a production build does (code that is turned into source text must survive renaming). */
  minify?: boolean;
  define?: Record<string, string>;
}

const bundles = new Map<string, Promise<string>>();

/**
 * A TypeScript entry and everything it imports as one IIFE for a page (`addScriptTag`, an init
 * script, or a worker's source text). Built once per Playwright worker process: each worker is its
 * own process, so this module-level map is the per-worker cache.
 */
export function pageBundle(entry: URL, options: PageBundleOptions = {}): Promise<string> {
  const file = fileURLToPath(entry);
  const key = `${file}\n${JSON.stringify(options)}`;
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = build({
      entryPoints: [file],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
      ...(options.minify ? { minify: true } : {}),
      ...(options.define ? { define: options.define } : {}),
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(key, bundle);
  }
  return bundle;
}
