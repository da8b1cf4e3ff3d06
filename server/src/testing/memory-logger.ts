import type { Logger } from '../util/logger';

export interface LoggedLine {
  level: 'info' | 'warn' | 'error' | 'debug';
  fields: Record<string, unknown>;
  msg: string;
}

/** A `Logger` that keeps its lines, for tests that check what was logged. */
export function memoryLogger(): {
  log: Logger;
  lines: LoggedLine[];
  at(level: LoggedLine['level']): LoggedLine[];
} {
  const lines: LoggedLine[] = [];
  const write =
    (level: LoggedLine['level']) =>
    (first: object | string, msg?: string): void => {
      if (typeof first === 'string') lines.push({ level, fields: {}, msg: first });
      else lines.push({ level, fields: first as Record<string, unknown>, msg: msg ?? '' });
    };
  const log: Logger = {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    child: () => log,
  };
  return { log, lines, at: (level) => lines.filter((line) => line.level === level) };
}
