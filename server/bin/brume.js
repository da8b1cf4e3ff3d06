#!/usr/bin/env node
// The `brume` command. The server is TypeScript run through tsx, so load tsx's hooks first.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
