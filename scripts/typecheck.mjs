// Type-checks every environment with its own tsconfig, so browser code cannot use Node APIs
// (and the reverse), and packages/protocol can use neither.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'packages/protocol',
  'packages/whip',
  'packages/player',
  'packages/player-react',
  'packages/studio',
  'packages/studio/worklet',
  'apps/demo',
  'apps/studio',
  'server',
  'e2e',
  '.',
].filter((dir) => existsSync(`${dir}/tsconfig.json`));

let failed = 0;
for (const dir of projects) {
  const result = spawnSync('npx', ['tsc', '-p', `${dir}/tsconfig.json`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`typecheck failed: ${dir}`);
  }
}
console.log(`typecheck: ${projects.length - failed} of ${projects.length} projects clean`);
process.exit(failed ? 1 : 0);
