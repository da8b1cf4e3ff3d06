import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { ConfigDocument } from './config-document';
import { ConfigFileError, type ConfigProblem } from './config-file-error';

/** `server/config.schema.json`: the one description of the file, for editors and for us. */
export const CONFIG_SCHEMA_PATH = new URL('../../config.schema.json', import.meta.url);

type Position = Pick<ConfigProblem, 'line' | 'column'>;

const validate = new Ajv({
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
}).compile<ConfigDocument>(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as object);

/** A `.json` file is written back as JSON; anything else is YAML (a superset of JSON). */
export function isJsonFile(file: string): boolean {
  return file.toLowerCase().endsWith('.json');
}

/**
 * Parses and validates a config file's text. Throws a `ConfigFileError` whose problems say where:
 * a syntax error at its own position, a schema error at the offending key or value.
 */
export function parseConfigText(text: string, file: string): ConfigDocument {
  const lines = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (isJsonFile(file)) checkJsonSyntax(text, document, file, at);
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({
      ...at(error.pos[0]),
      reason: firstLine(error.message),
    }));
    throw new ConfigFileError('config/syntax', file, problems);
  }
  // An empty file is a file with no settings.
  const value: unknown = document.toJS() ?? {};
  const problems: ConfigProblem[] = [];
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const reason = describe(error);
      if (reason === undefined) continue;
      problems.push({ ...at(offsetOf(document, error)), reason });
    }
  } else {
    problems.push(...semanticProblems(value, document, at));
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new ConfigFileError('config/invalid', file, dedupe(problems));
  }
  return value as ConfigDocument;
}

/**
 * JSON.parse is stricter than YAML (no comments, no bare words): a `.json` file must pass it too.
 * V8 gives a position for most mistakes; for a bare word it does not, so that one is found in the
 * YAML tree (a plain scalar JSON would not allow).
 */
function checkJsonSyntax(
  text: string,
  document: Document,
  file: string,
  at: (offset: number) => Position,
): void {
  if (text.trim() === '') return;
  try {
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset =
      position !== undefined ? Number(position) : (bareWordOffset(document) ?? text.trimEnd().length);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/, .*is not valid JSON$/s, '');
    throw new ConfigFileError('config/syntax', file, [{ ...at(offset), reason }]);
  }
}

function bareWordOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || !node.range) return undefined;
      if (typeof node.value === 'number' || typeof node.value === 'boolean' || node.value === null)
        return undefined;
      offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** An ajv error in words, or undefined for the bookkeeping errors that repeat another one. */
function describe(error: ErrorObject): string | undefined {
  const where = pathOf(error.instancePath).join('.') || '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined;
    case 'additionalProperties':
      return `${where}: unknown key "${String(params.additionalProperty)}"`;
    case 'propertyNames':
      return undefined;
    case 'pattern':
      if (error.propertyName !== undefined)
        return `${where}: invalid stream name "${error.propertyName}" (1-64 of A-Z a-z 0-9 _ -, optionally base+suffix)`;
      return `${where}: "${String(error.data)}" does not match ${String(params.pattern)}`;
    case 'enum':
      return `${where}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${where}: must be "${String(params.allowedValue)}" or an object`;
    case 'minProperties':
    case 'maxProperties':
      return `${where}: give exactly one of url (HLS pull) or path (file)`;
    case 'required':
      return `${where}: missing "${String(params.missingProperty)}"`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

function pathOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The source offset an ajv error is about: the unknown key itself, else the value at its path. */
function offsetOf(document: Document, error: ErrorObject): number {
  const params = error.params as Record<string, unknown>;
  const keyName =
    error.keyword === 'additionalProperties'
      ? String(params.additionalProperty)
      : error.propertyName !== undefined
        ? error.propertyName
        : undefined;
  const found = locate(document, pathOf(error.instancePath));
  if (keyName !== undefined && isMap(found.node)) {
    const pair = found.node.items.find((item) => isScalar(item.key) && String(item.key.value) === keyName);
    const key = pair?.key as Node | undefined;
    if (key?.range) return key.range[0];
  }
  // A missing key is reported on the key of the section that lacks it.
  if (error.keyword === 'required' && found.key?.range) return found.key.range[0];
  return found.node?.range?.[0] ?? found.key?.range?.[0] ?? 0;
}

function locate(document: Document, path: readonly string[]): { node?: Node; key?: Node } {
  let node = document.contents as Node | null | undefined;
  let key: Node | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === step,
      );
      if (!pair) break;
      key = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      node = node.items[Number(step)] as Node | undefined;
    } else break;
  }
  return { node: node ?? undefined, key };
}

/** What the schema cannot say: addresses must parse. */
function semanticProblems(
  value: ConfigDocument,
  document: Document,
  at: (offset: number) => Position,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, stream] of Object.entries(value.streams ?? {})) {
    (stream.auth?.allowPublishFrom ?? []).forEach((entry, index) => {
      if (isAddressOrRange(entry)) return;
      const path = ['streams', name, 'auth', 'allowPublishFrom', String(index)];
      const offset = locate(document, path).node?.range?.[0] ?? 0;
      problems.push({
        ...at(offset),
        reason: `${path.join('.')}: "${entry}" is not an IP address or CIDR range (10.0.0.0/8, 2001:db8::/32)`,
      });
    });
  }
  return problems;
}

export function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
