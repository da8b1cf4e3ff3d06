/** Where in a config file something is wrong; line and column count from 1. */
export interface ConfigProblem {
  line: number;
  column: number;
  reason: string;
}

export type ConfigFileErrorCode = 'config/unreadable' | 'config/syntax' | 'config/invalid';

/**
 * A config file that cannot be used. The message is one `file:line:column reason` line per problem,
 * the form editors and terminals turn into links.
 */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';

  constructor(
    readonly code: ConfigFileErrorCode,
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.map((problem) => `${file}:${problem.line}:${problem.column} ${problem.reason}`).join('\n'),
      options,
    );
  }

  static unreadable(file: string, cause: unknown): ConfigFileError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ConfigFileError(
      'config/unreadable',
      file,
      [{ line: 1, column: 1, reason: `cannot read: ${reason}` }],
      {
        cause,
      },
    );
  }
}
