import { describe, expect, it } from 'vitest';
import { checkSwarmOptions, isLoopbackHost, type SwarmOptions } from './swarm-options';

const valid: SwarmOptions = {
  url: new URL('http://127.0.0.1:8080'),
  stream: 'live',
  clients: { whep: 1, ws: 0, hls: 0, dash: 0 },
  durationS: 10,
  rampS: 2,
};

describe('checkSwarmOptions', () => {
  it('accepts a bounded loopback run', () => {
    expect(() => checkSwarmOptions(valid)).not.toThrow();
    expect(() =>
      checkSwarmOptions({ ...valid, clients: { whep: 2000, ws: 2000, hls: 2000, dash: 2000 } }),
    ).not.toThrow();
  });

  it.each([
    [{ url: new URL('http://192.0.2.1:8080') }, /not loopback.*--allow-remote/],
    [{ url: new URL('ftp://127.0.0.1/') }, /http\(s\)/],
    [{ clients: { whep: 2001, ws: 0, hls: 0, dash: 0 } }, /--whep is a whole number from 0 to 2000/],
    [{ clients: { whep: 1.5, ws: 0, hls: 0, dash: 0 } }, /--whep/],
    [{ clients: { whep: 0, ws: 0, hls: 0, dash: 0 } }, /no clients/],
    [{ durationS: 3601 }, /--duration/],
    [{ durationS: 0 }, /--duration/],
    [{ rampS: 10 }, /--ramp/],
  ])('refuses %o', (change, message) => {
    expect(() => checkSwarmOptions({ ...valid, ...change })).toThrow(message);
  });

  it('takes a remote URL with allowRemote', () => {
    expect(() =>
      checkSwarmOptions({ ...valid, url: new URL('http://192.0.2.1'), allowRemote: true }),
    ).not.toThrow();
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1', 'example.com', '127.0.0.1.example.com'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
