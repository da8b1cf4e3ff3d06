import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_PATH, parseConfigText } from './parse-config-file';

const EXAMPLE = new URL('../../brume.example.yaml', import.meta.url);
const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { stream: { properties: Record<string, unknown> } };
};

describe('server/brume.example.yaml', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const example = parse(text) as Record<string, unknown> & {
    streams: Record<string, Record<string, unknown>>;
  };

  it('is valid against server/config.schema.json (plain ajv, as an editor would check it)', () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(parseConfigText(text, EXAMPLE.pathname)).toEqual(example);
  });

  it('shows every section of the schema', () => {
    expect(Object.keys(example).sort()).toEqual(Object.keys(schema.properties).sort());
    const streamKeys = new Set(Object.values(example.streams).flatMap((stream) => Object.keys(stream)));
    expect([...streamKeys].sort()).toEqual(Object.keys(schema.definitions.stream.properties).sort());
    expect(Object.keys(example.triggers as object).sort()).toEqual(
      Object.keys((schema.properties.triggers as { properties: object }).properties).sort(),
    );
  });
});
