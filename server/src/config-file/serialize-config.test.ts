import { describe, expect, it } from 'vitest';
import { parseConfigText } from './parse-config-file';
import { serializeConfig } from './serialize-config';

const YAML = `# The relay
port: 8080 # public port
streams:
  # the main show
  live:
    source: whip
  old: {}
`;

describe('serializeConfig', () => {
  it('edits a YAML file in place: comments and untouched keys stay', () => {
    const document = parseConfigText(YAML, 'brume.yaml');
    delete document.streams!.old;
    document.streams!['live+vip'] = { auth: { viewerToken: true } };
    document.dvrWindowMs = 90000;
    const text = serializeConfig(document, 'brume.yaml', YAML);
    expect(text).toContain('# The relay');
    expect(text).toContain('port: 8080 # public port');
    expect(text).toContain('  # the main show\n  live:\n    source: whip');
    expect(text).not.toContain('old');
    expect(parseConfigText(text, 'brume.yaml')).toEqual(document);
  });

  it('writes JSON files as JSON', () => {
    const document = { port: 1, streams: { live: { source: 'whip' as const } } };
    const text = serializeConfig(document, 'brume.json', '{}');
    expect(JSON.parse(text)).toEqual(document);
    expect(parseConfigText(text, 'brume.json')).toEqual(document);
  });

  it('writes a fresh YAML document when the old text does not parse', () => {
    const text = serializeConfig({ port: 2 }, 'brume.yaml', 'port: [');
    expect(parseConfigText(text, 'brume.yaml')).toEqual({ port: 2 });
  });
});
