import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runBrume } from './brume';

async function brume(...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runBrume(args, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

describe('brume swarm', () => {
  it('is listed and has usage', async () => {
    expect((await brume('--help')).out).toMatch(/swarm +headless viewers/);
    const help = await brume('swarm', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: brume swarm <stream>');
  });

  it.each([
    [['swarm'], /give one stream name/],
    [['swarm', 'live'], /no clients/],
    [['swarm', 'live', '--whep', 'many'], /--whep is a number/],
    [['swarm', 'live', '--hls', '2001'], /at most|from 0 to 2000/],
    [['swarm', 'live', '--ws', '1', '--duration', '4000'], /--duration/],
    [['swarm', 'live', '--ws', '1', '--url', 'http://198.51.100.7:8080'], /--allow-remote/],
    [['swarm', 'live', '--ws', '1', '--url', 'not a url'], /--url is not a URL/],
    [['swarm', 'live', '--bogus'], /unknown option --bogus/],
  ])('refuses %j with exit code 2', async (args, message) => {
    const { code, err } = await brume(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
