import { describe, expect, it } from 'vitest';
import { configFromEnvironment, resolveConfig } from '../config';
import { fileOptions } from './file-options';
import { layerOptions } from './layer-options';
import { parseConfigText } from './parse-config-file';

const FILE = parseConfigText(
  'port: 9000\nhost: 0.0.0.0\nlogLevel: debug\ndvrWindowMs: 30000\nmetadataPort: 0\niceHostAddresses: [203.0.113.1]\n',
  'brume.yaml',
);

/** What `main.ts` builds: its own defaults, then the file, then env and flags. */
function startup(argv: string[], env: NodeJS.ProcessEnv) {
  const { configFile, ...overrides } = configFromEnvironment(argv, env);
  const config = resolveConfig(layerOptions({ metadataTcpPort: 8082 }, fileOptions(FILE), overrides));
  return { configFile, config };
}

describe('config precedence: flags > env > file > defaults', () => {
  it('takes the file over the defaults, including npm start’s own', () => {
    const { config } = startup([], { LOG_FORMAT: 'json' });
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', logLevel: 'debug', dvrWindowMs: 30000 });
    expect(config.metadataTcpPort).toBe(0);
    expect(config.ice.hostAddresses).toEqual(['203.0.113.1']);
    // Untouched by the file: the built-in default.
    expect(config.mediaTimeoutMs).toBe(5000);
  });

  it('takes the environment over the file, and flags over both', () => {
    const env = { LOG_FORMAT: 'json', PORT: '9100', LOG_LEVEL: 'warn', BRUME_ICE_HOSTS: '127.0.0.1' };
    expect(startup([], env).config).toMatchObject({ port: 9100, logLevel: 'warn', host: '0.0.0.0' });
    expect(startup([], env).config.ice.hostAddresses).toEqual(['127.0.0.1']);
    const flagged = startup(['--port', '9200', '--log-level=error', '--host', '127.0.0.1'], env).config;
    expect(flagged).toMatchObject({ port: 9200, logLevel: 'error', host: '127.0.0.1', dvrWindowMs: 30000 });
  });

  it('finds the config file in --config, else BRUME_CONFIG', () => {
    expect(startup([], { LOG_FORMAT: 'json', BRUME_CONFIG: '/etc/brume.yaml' }).configFile).toBe(
      '/etc/brume.yaml',
    );
    expect(
      startup(['--config', 'here.json'], { LOG_FORMAT: 'json', BRUME_CONFIG: '/etc/brume.yaml' }).configFile,
    ).toBe('here.json');
  });

  it('refuses an unknown log level or flag', () => {
    expect(() => configFromEnvironment(['--log-level', 'loud'], {})).toThrow(
      /--log-level: unknown log level "loud"/,
    );
    expect(() => configFromEnvironment(['--conf', 'x'], {})).toThrow(/unknown argument --conf/);
  });

  it('ignores layers that leave a key undefined', () => {
    expect(layerOptions({ port: 1 }, { port: undefined }, { ice: { hostAddresses: ['::1'] } })).toEqual({
      port: 1,
      ice: { hostAddresses: ['::1'] },
    });
  });

  it('maps the file’s recording, limits, shutdown and clip length, merged key by key with flags', () => {
    const file = parseConfigText(
      [
        'maxClipMs: 120000',
        'recording: { directory: rec, rotateMs: 60000 }',
        'limits: { publishers: 3, viewersPerStream: 7 }',
        'shutdown: { drainMs: 500 }',
        'pull: { ffmpegPath: /opt/ffmpeg/bin/ffmpeg, idleMs: 5000 }',
        'webhooks: { attempts: 3 }',
      ].join('\n'),
      'brume.yaml',
    );
    const config = resolveConfig(
      layerOptions(fileOptions(file, '/etc/brume'), {
        limits: { publishers: 9 },
        recording: { streams: ['x'] },
      }),
    );
    expect(config.maxClipMs).toBe(120_000);
    // Relative to the config file's folder; the flag layer's `streams` joins the file's keys.
    expect(config.recording).toEqual({ dir: '/etc/brume/rec', segmentMs: 60_000, streams: ['x'] });
    expect(config.limits).toMatchObject({ publishers: 9, viewersPerStream: 7, viewersTotal: 5000 });
    expect(config.shutdown).toEqual({ drainMs: 500, timeoutMs: 10_000 });
    expect(config.pull).toMatchObject({
      ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
      ffprobePath: 'ffprobe',
      idleMs: 5000,
    });
    expect(config.webhooks).toMatchObject({ attempts: 3, retryDelayMs: 500 });
  });
});
