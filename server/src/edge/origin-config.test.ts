import { describe, expect, it } from 'vitest';
import { configFromEnvironment, resolveConfig } from '../config';
import { fileOptions } from '../config-file/file-options';
import { layerOptions } from '../config-file/layer-options';

const json = { LOG_FORMAT: 'json' };

describe('origin config: --origin, BRUME_ORIGIN, the config file', () => {
  it('reads BRUME_ORIGIN and BRUME_ORIGIN_TOKEN, and --origin over them', () => {
    const env = { ...json, BRUME_ORIGIN: 'http://a:8080, http://b:8080', BRUME_ORIGIN_TOKEN: 'secret' };
    expect(configFromEnvironment([], env).origin).toEqual({
      urls: ['http://a:8080', 'http://b:8080'],
      token: 'secret',
    });
    expect(configFromEnvironment(['--origin', 'http://c:8080'], env).origin).toEqual({
      urls: ['http://c:8080'],
      token: 'secret',
    });
    expect(configFromEnvironment(['--origin=http://d:1,http://e:2'], json).origin?.urls).toEqual([
      'http://d:1',
      'http://e:2',
    ]);
  });

  it('is off by default, and flags beat the file key by key', () => {
    expect(resolveConfig().origin).toEqual({ urls: [], idleMs: 30_000 });
    const file = fileOptions({ origin: { urls: ['http://file:1'], token: 't', idleMs: 5000 } });
    const flags = configFromEnvironment(['--origin', 'http://flag:1'], json);
    expect(resolveConfig(layerOptions(file, flags)).origin).toEqual({
      urls: ['http://flag:1'],
      token: 't',
      idleMs: 5000,
    });
  });
});
