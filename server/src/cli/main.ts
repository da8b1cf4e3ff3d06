import { runBrume } from './brume';

/** `brume <command>` (the `bin` of @brume/server, through `server/bin/brume.js`). */
runBrume(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`brume: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
