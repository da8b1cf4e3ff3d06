// Worker threads do not inherit the main thread's `--import tsx` hooks: register them here, then
// load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./viewers-worker.ts');
