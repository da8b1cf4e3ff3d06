import { isDeepStrictEqual } from 'node:util';
import { parseDocument, stringify, type Document } from 'yaml';
import type { ConfigDocument } from './config-document';
import { isJsonFile } from './parse-config-file';

/**
 * The text of `document` for `file`. JSON files are rewritten whole; a YAML file is edited in place
 * from `previousText`, so only the keys that changed move and the operator's comments stay.
 */
export function serializeConfig(document: ConfigDocument, file: string, previousText: string): string {
  if (isJsonFile(file)) return `${JSON.stringify(document, null, 2)}\n`;
  const yaml = parseDocument(previousText);
  if (yaml.errors.length > 0) return stringify(document);
  applyChanges(yaml, [], yaml.toJS() as unknown, document);
  return yaml.toString();
}

function applyChanges(yaml: Document, path: string[], before: unknown, after: unknown): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) yaml.deleteIn([...path, key]);
    for (const [key, value] of Object.entries(after)) applyChanges(yaml, [...path, key], before[key], value);
    return;
  }
  if (isDeepStrictEqual(before, after)) return;
  if (path.length === 0) yaml.contents = yaml.createNode(after);
  else yaml.setIn(path, after);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
