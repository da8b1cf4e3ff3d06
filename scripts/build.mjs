// Builds the demo, the studio and the embed script into dist/ (what the server serves).
import { spawnSync } from 'node:child_process';

for (const target of ['demo', 'studio', 'embed']) {
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
