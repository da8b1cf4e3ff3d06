import { defineConfig, type UserConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * One config, three builds (picked with BRUME_TARGET, see scripts/build.mjs):
 * - demo:   apps/demo   → dist/demo,   served at `/`
 * - studio: apps/studio → dist/studio, served at `/studio/`
 * - embed:  the embed's player module → dist/embed/player/embed.js + lazy engine chunks, served
 *           at `/player/…`; React is swapped for Preact (compat aliasing) to fit the size budget
 * - loader: the script-tag entry → dist/embed/player.js (a tiny classic script that imports the
 *           module above on first use), served at `/player.js`
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const target = process.env.BRUME_TARGET ?? 'demo';

const apps: Record<string, UserConfig> = {
  demo: {
    root: `${root}apps/demo`,
    base: '/',
    build: { outDir: `${root}dist/demo`, emptyOutDir: true },
  },
  studio: {
    root: `${root}apps/studio`,
    base: '/studio/',
    build: { outDir: `${root}dist/studio`, emptyOutDir: true },
  },
  embed: {
    root,
    // Loaded from a foreign page: chunks resolve relative to the module that imports them.
    base: './',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: {
      alias: [
        { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
        { find: /^react-dom$/, replacement: 'preact/compat' },
        { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
        { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
        { find: /^react$/, replacement: 'preact/compat' },
      ],
    },
    build: {
      outDir: `${root}dist/embed/player`,
      emptyOutDir: true,
      manifest: true,
      lib: {
        entry: { embed: `${root}packages/player-react/src/embed-app.ts` },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rollupOptions: {
        // Lets the bundler keep modules the lazy chunks share with the entry inside embed.js (the
        // entry then exports them too) instead of small common chunks, each fetched and gzipped
        // on its own up front.
        preserveEntrySignatures: 'allow-extension',
        output: {
          // engines/<name>/engine.ts → chunks/engine-<name>-<hash>.js: readable in the size report.
          chunkFileNames: (chunk) => {
            const engine = /engines\/([^/]+)\/engine\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
            return engine ? `chunks/engine-${engine}-[hash].js` : 'chunks/[name]-[hash].js';
          },
        },
      },
    },
  },
  loader: {
    root,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: `${root}dist/embed`,
      // dist/embed/player/ (the module build) lives inside: keep it.
      emptyOutDir: false,
      lib: {
        entry: `${root}packages/player-react/src/embed-loader.ts`,
        name: 'BrumeLoader',
        formats: ['iife'],
        fileName: () => 'player.js',
      },
    },
  },
};

const config = apps[target];
if (!config) throw new Error(`Unknown BRUME_TARGET "${target}" (expected ${Object.keys(apps).join(', ')})`);

export default defineConfig({
  ...config,
  publicDir: false,
  logLevel: 'warn',
  build: { ...config.build, sourcemap: true, target: 'es2022' },
});
