// Builds the demo, the studio and the embed (module + loader) into dist/ (what the server serves),
// then reports the embed's sizes and fails when core + skin exceed the budget.
import { spawnSync } from 'node:child_process';
import { reportEmbedSize } from './embed-size.mjs';

for (const target of ['demo', 'studio', 'embed', 'loader']) {
  const started = Date.now();
  const result = spawnSync('npx', ['vite', 'build', '--config', 'vite.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, BRUME_TARGET: target },
  });
  if (result.status !== 0) {
    console.error(`build failed: ${target}`);
    process.exit(result.status ?? 1);
  }
  console.log(`built ${target} in ${Date.now() - started} ms`);
}

if (!reportEmbedSize()) process.exit(1);
