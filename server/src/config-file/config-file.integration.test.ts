import type { StreamInfo } from '@brume/protocol';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../testing/free-port';
import { createServer, type BrumeServer } from '../index';
import { startMedia } from '../testing/test-media';
import { LOOPBACK, createPublisher, fullOffer, postOffer, waitFor } from '../testing/werift-client';
import { parseConfigText } from './parse-config-file';

const directories: string[] = [];
let server: BrumeServer | undefined;
const cleanups: (() => void)[] = [];
const peers: RTCPeerConnection[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(peers.splice(0).map((pc) => pc.close()));
  await server?.close();
  server = undefined;
  await Promise.all(
    directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function startWithFile(
  text: string,
  options: { logLevel?: string } = { logLevel: 'info' },
): Promise<{ base: string; file: string; logs: string[] }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'brume-config-it-'));
  directories.push(directory);
  const file = path.join(directory, 'brume.yaml');
  await writeFile(file, text);
  const logs: string[] = [];
  server = await createServer({
    configFile: file,
    ice: LOOPBACK,
    keyframeIntervalMs: 100,
    ...options,
    logStream: { write: (line) => void logs.push(line) },
  });
  return { base: await server.listen(), file, logs };
}

async function publish(base: string, name: string): Promise<void> {
  const publisher = createPublisher();
  peers.push(publisher.pc);
  const whip = await postOffer(`${base}/whip/${name}`, await fullOffer(publisher.pc));
  expect(whip.status).toBe(201);
  await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
  await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
  cleanups.push(startMedia(publisher).stop);
  await waitFor(() => server!.registry.get(name)?.state === 'live', 3000, `${name} live`);
}

async function info(base: string, name: string): Promise<StreamInfo> {
  return (await (await fetch(`${base}/api/streams/${encodeURIComponent(name)}`)).json()) as StreamInfo;
}

function waitForLog(logs: string[], pattern: RegExp, what: string): Promise<void> {
  return waitFor(() => logs.some((line) => pattern.test(line)), 5000, what);
}

describe('a relay started with a config file', () => {
  it('serves on its port with its DVR window, and applies an edit on disk to streams that start afterwards', async () => {
    const port = await freePort();
    const { base, file, logs } = await startWithFile(
      `# test relay\nhost: 127.0.0.1\nport: ${port}\ndvrWindowMs: 7000\nstreams:\n  live: {}\n`,
    );
    expect(base).toBe(`http://127.0.0.1:${port}`);
    await publish(base, 'live');
    await waitFor(() => server!.relay.media('live') !== undefined, 3000, 'media');
    expect((await info(base, 'live')).timeline.dvrWindowMs).toBe(7000);

    await writeFile(
      file,
      `# test relay\nhost: 127.0.0.1\nport: ${port}\ndvrWindowMs: 9000\nstreams:\n  live: {}\n`,
    );
    await waitFor(() => server!.config.dvrWindowMs === 9000, 5000, 'the edit applied');
    expect(server!.configStore.document.dvrWindowMs).toBe(9000);
    // A wildcard stream started now gets the new window; the running one keeps its own.
    await publish(base, 'live+alice');
    expect((await info(base, 'live+alice')).timeline.dvrWindowMs).toBe(9000);
    expect((await info(base, 'live')).timeline.dvrWindowMs).toBe(7000);
    expect(server!.settingsFor('live+alice')?.configuredAs).toBe('live');
    expect(logs.some((line) => line.includes('dvrWindowMs applied to streams that start from now on'))).toBe(
      true,
    );
  });

  it('keeps the running config when an edit is broken, and logs where', async () => {
    const { base, file, logs } = await startWithFile('host: 127.0.0.1\nport: 0\ndvrWindowMs: 7000\n');
    await writeFile(file, 'host: 127.0.0.1\nport: 0\ndvrWindowMs: -5\n');
    await waitForLog(logs, /config file rejected/, 'the rejection logged');
    const line = logs.find((entry) => entry.includes('config file rejected'))!;
    expect(JSON.parse(line).msg).toContain(`${file}:3:14 dvrWindowMs: must be >= 0`);
    expect(server!.config.dvrWindowMs).toBe(7000);
    expect(server!.configStore.document.dvrWindowMs).toBe(7000);
    expect((await fetch(`${base}/api/streams`)).status).toBe(200);
  });

  it('logs that a port change needs a restart, and keeps serving where it is', async () => {
    const { base, file, logs } = await startWithFile('host: 127.0.0.1\nport: 0\n');
    await writeFile(file, 'host: 127.0.0.1\nport: 1\n');
    await waitForLog(logs, /port changed; it needs a restart/, 'the restart warning');
    expect((await fetch(`${base}/api/streams`)).status).toBe(200);
  });

  it('changes the log level live unless a flag set it', async () => {
    const { file } = await startWithFile('host: 127.0.0.1\nport: 0\nlogLevel: warn\n', {});
    expect(server!.app.log.level).toBe('warn');
    await writeFile(file, 'host: 127.0.0.1\nport: 0\nlogLevel: debug\n');
    await waitFor(() => server!.app.log.level === 'debug', 5000, 'the new level');
    await server!.close();
    // Given beside the file (a flag, an environment variable), the level stays whatever the file says.
    const pinned = await startWithFile('host: 127.0.0.1\nport: 0\nlogLevel: warn\n', { logLevel: 'error' });
    expect(server!.app.log.level).toBe('error');
    await writeFile(pinned.file, 'host: 127.0.0.1\nport: 0\nlogLevel: debug\ndvrWindowMs: 1000\n');
    await waitFor(() => server!.config.dvrWindowMs === 1000, 5000, 'the edit applied');
    expect(server!.app.log.level).toBe('error');
  });

  it('applies updates to new sessions at once and saves them in one write', async () => {
    const { base, file } = await startWithFile('# operators note\nhost: 127.0.0.1\nport: 0\n');
    let saves = 0;
    server!.configStore.events.on('saved', () => saves++);
    for (const host of ['a', 'b', 'c'])
      server!.configStore.update(
        (draft) => void (draft.iceServers = [{ urls: `stun:${host}.example:3478` }]),
      );
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const response = await fetch(`${base}/whip/live`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: await fullOffer(publisher.pc),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('link')).toContain('<stun:c.example:3478>; rel="ice-server"');
    await server!.configStore.flush();
    expect(saves).toBe(1);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# operators note');
    expect(parseConfigText(text, file).iceServers).toEqual([{ urls: 'stun:c.example:3478' }]);
  });

  it('refuses to start on a broken file, saying where', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'brume-config-it-'));
    directories.push(directory);
    const file = path.join(directory, 'brume.json');
    await writeFile(file, '{\n  "port": 8080,\n  "streams": {"live": {"source": "rtmp"}}\n}\n');
    await expect(createServer({ configFile: file, logLevel: 'silent' })).rejects.toThrow(
      `${file}:3:34 streams.live.source: must be "whip" or an object`,
    );
  });
});
