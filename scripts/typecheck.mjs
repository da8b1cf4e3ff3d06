// Type-checks every environment with its own tsconfig, so browser code cannot use Node APIs
// (and the reverse), and packages/protocol can use neither.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'packages/protocol/tsconfig.json',
  'packages/whip/tsconfig.json',
  'packages/whip/tsconfig.node-tests.json',
  'packages/player/tsconfig.json',
  'packages/player-react/tsconfig.json',
  'packages/studio/tsconfig.json',
  // The compositor worker: WebWorker types instead of the DOM.
  'packages/studio/tsconfig.worker.json',
  // The mixer's AudioWorklet scope.
  'packages/studio/worklet/tsconfig.json',
  'apps/demo/tsconfig.json',
  'apps/studio/tsconfig.json',
  'server/tsconfig.json',
  'e2e/tsconfig.json',
  'tsconfig.json',
].filter((path) => existsSync(path));

let failed = 0;
for (const project of projects) {
  const result = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`typecheck failed: ${project}`);
  }
}
console.log(`typecheck: ${projects.length - failed} of ${projects.length} projects clean`);
process.exit(failed ? 1 : 0);
