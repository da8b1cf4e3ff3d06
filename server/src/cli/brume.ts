import { UsageError, type Command, type CommandIo } from './command';
import { metaCommand } from './meta-command';
import { publishCommand } from './publish-command';
import { serveCommand } from './serve-command';
import { swarmCommand } from './swarm-command';
import { tokenCommand } from './token-command';

/** Every `brume <command>`; a new one is one more entry. */
const COMMANDS: Record<string, Command> = {
  meta: metaCommand,
  publish: publishCommand,
  serve: serveCommand,
  swarm: swarmCommand,
  token: tokenCommand,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`);
  return `usage: brume <command> [arguments]\n\ncommands:\n${lines.join('\n')}\n\nbrume <command> --help for more.\n`;
}

/** Runs `brume` with `args` (after the program name); resolves to the exit code. */
export async function runBrume(args: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`brume: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`brume ${name}: ${error.message}\n\n${command.usage}\n`);
    return 2;
  }
}
