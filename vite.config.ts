import { defineConfig, type UserConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * One config, three builds (picked with BRUME_TARGET, see scripts/build.mjs):
 * - demo:   apps/demo   → dist/demo,   served at `/`
 * - studio: apps/studio → dist/studio, served at `/studio/`
 * - embed:  the script-tag player → dist/embed/player.js, served at `/player.js`
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
    // The embed script is loaded from a foreign page: its own assets resolve next to it.
    base: './',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: `${root}dist/embed`,
      emptyOutDir: true,
      lib: {
        entry: `${root}packages/player-react/src/embed.ts`,
        name: 'Brume',
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
