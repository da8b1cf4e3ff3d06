import { startRelay } from './start-relay';

/** `npm start`: the relay; arguments and environment as `startRelay` documents. */
startRelay(process.argv.slice(2), process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
