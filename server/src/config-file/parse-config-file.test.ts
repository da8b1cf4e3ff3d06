import { describe, expect, it } from 'vitest';
import { ConfigFileError } from './config-file-error';
import { isAddressOrRange, parseConfigText } from './parse-config-file';

function problemsOf(text: string, file = 'brume.yaml'): string[] {
  try {
    parseConfigText(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as ConfigFileError).message.split('\n');
  }
  throw new Error('expected the text to be refused');
}

describe('parseConfigText', () => {
  it('reads YAML and JSON into the same document', () => {
    const yaml =
      'port: 9000\ndvrWindowMs: 30000\nstreams:\n  live:\n    source: {url: https://a.example/x.m3u8}\n';
    const json =
      '{"port": 9000, "dvrWindowMs": 30000, "streams": {"live": {"source": {"url": "https://a.example/x.m3u8"}}}}';
    const expected = {
      port: 9000,
      dvrWindowMs: 30000,
      streams: { live: { source: { url: 'https://a.example/x.m3u8' } } },
    };
    expect(parseConfigText(yaml, 'brume.yaml')).toEqual(expected);
    expect(parseConfigText(json, 'brume.json')).toEqual(expected);
  });

  it('takes an empty file as no settings', () => {
    expect(parseConfigText('', 'brume.yaml')).toEqual({});
    expect(parseConfigText('# only a comment\n', 'brume.yaml')).toEqual({});
  });

  it('points a schema error at the offending value, with the key path', () => {
    expect(problemsOf('host: localhost\nport: 70000\n')).toEqual(['brume.yaml:2:7 port: must be <= 65535']);
    expect(problemsOf('streams:\n  live:\n    recording:\n      rotateMs: 10\n')).toEqual([
      'brume.yaml:4:17 streams.live.recording.rotateMs: must be >= 1000',
    ]);
  });

  it('points an unknown key at the key itself', () => {
    expect(problemsOf('port: 80\nstreams:\n  live:\n    sorce: whip\n')).toEqual([
      'brume.yaml:4:5 streams.live: unknown key "sorce"',
    ]);
  });

  it('reports every problem, in file order', () => {
    expect(problemsOf('logLevel: loud\nstreams:\n  bad name: {}\n  live:\n    source: rtmp\n')).toEqual([
      'brume.yaml:1:11 logLevel: must be one of fatal, error, warn, info, debug, trace, silent',
      'brume.yaml:3:3 streams: invalid stream name "bad name" (1-64 of A-Z a-z 0-9 _ -, optionally base+suffix)',
      'brume.yaml:5:13 streams.live.source: must be "whip" or an object',
    ]);
  });

  it('says what a source or a blocking hook lacks', () => {
    expect(problemsOf('streams:\n  a:\n    source: {url: https://x.example/i.m3u8, path: /x.mp4}\n')).toEqual(
      ['brume.yaml:3:13 streams.a.source: give exactly one of url (HLS pull) or path (file)'],
    );
    expect(problemsOf('triggers:\n  push_rewrite:\n    timeoutMs: 100\n')).toEqual([
      'brume.yaml:2:3 triggers.push_rewrite: missing "url"',
    ]);
    expect(problemsOf('triggers:\n  stream_end: [https://ok.example, ftp://no.example]\n')).toEqual([
      'brume.yaml:2:36 triggers.stream_end.1: "ftp://no.example" does not match ^https?://[^\\s/]+',
    ]);
  });

  it('points a YAML syntax error at its own position', () => {
    expect(problemsOf('port: 80\nhost: a: b\n')).toEqual([
      'brume.yaml:2:7 Nested mappings are not allowed in compact mappings',
    ]);
    expect(problemsOf('port: 80\nport: 81\n')).toEqual(['brume.yaml:2:1 Map keys must be unique']);
  });

  it('holds a .json file to JSON, with the line of the mistake', () => {
    expect(problemsOf('{\n  "port": 80,\n}\n', 'brume.json')).toEqual([
      'brume.json:3:1 Expected double-quoted property name',
    ]);
    expect(problemsOf('{\n  "port": 80,\n  "host": localhost\n}\n', 'brume.json')).toEqual([
      "brume.json:3:11 Unexpected token 'l'",
    ]);
    expect(problemsOf('{\n  "port": "80"\n}\n', 'brume.json')).toEqual([
      'brume.json:2:11 port: must be integer',
    ]);
  });

  it('refuses publish allow-list entries that are not addresses or ranges', () => {
    expect(
      problemsOf(
        'streams:\n  live:\n    auth:\n      allowPublishFrom:\n        - 10.0.0.0/8\n        - 10.0.0.0/33\n',
      ),
    ).toEqual([
      'brume.yaml:6:11 streams.live.auth.allowPublishFrom.1: "10.0.0.0/33" is not an IP address or CIDR range (10.0.0.0/8, 2001:db8::/32)',
    ]);
  });
});

describe('isAddressOrRange', () => {
  it('takes IPv4 and IPv6 addresses and CIDR ranges', () => {
    for (const ok of ['192.0.2.7', '10.0.0.0/8', '0.0.0.0/0', '::1', '2001:db8::/32', 'fe80::/128'])
      expect(isAddressOrRange(ok), ok).toBe(true);
    for (const bad of [
      '10.0.0.0/33',
      '::/129',
      '10.0.0',
      'example.com',
      '10.0.0.0/8/1',
      '10.0.0.0/',
      '1.2.3.4/x',
    ])
      expect(isAddressOrRange(bad), bad).toBe(false);
  });
});
