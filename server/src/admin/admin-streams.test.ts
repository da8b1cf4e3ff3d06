import type { AdminSession } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { adminStreams } from './admin-streams';

function session(overrides: Partial<AdminSession>): AdminSession {
  return {
    id: 'x',
    stream: 'live',
    protocol: 'whep',
    role: 'viewer',
    ip: '127.0.0.1',
    userAgent: 'test',
    startedAt: 1,
    bytes: 0,
    kickable: true,
    ...overrides,
  };
}

describe('adminStreams', () => {
  it('lists configured entries and known streams by name, with publisher, viewers and recording', () => {
    const list = adminStreams({
      document: { streams: { live: { auth: { publishKeys: ['secret-key'] } }, quiet: {} } },
      streams: [
        { name: 'live+alice', state: 'live', startUnixMs: 1000 },
        { name: 'old', state: 'ended', startUnixMs: 5, endReason: 'kicked' },
      ],
      sessions: [
        session({ id: 'p', stream: 'live+alice', protocol: 'whip', role: 'publisher' }),
        session({ id: 'v1', stream: 'live+alice', protocol: 'whep' }),
        session({ id: 'v2', stream: 'live+alice', protocol: 'll-hls', kickable: false }),
        session({ id: 'v3', stream: 'live+alice', protocol: 'whep' }),
        session({ id: 'v4', stream: 'old', protocol: 'mp4' }),
      ],
      configuredAs: (name) => (name.startsWith('live') ? 'live' : name === 'quiet' ? 'quiet' : undefined),
      isRecording: (name) => name === 'live+alice',
    });
    expect(list.map((stream) => stream.name)).toEqual(['live', 'live+alice', 'old', 'quiet']);
    const [live, alice, old, quiet] = list;
    expect(live).toEqual({
      name: 'live',
      state: 'offline',
      entry: { auth: { publishKeys: ['secret-key'] } },
      configuredAs: 'live',
      viewers: { total: 0 },
      recording: false,
    });
    expect(alice).toMatchObject({
      state: 'live',
      configuredAs: 'live',
      since: 1000,
      recording: true,
      publisher: { id: 'p' },
      viewers: { total: 3, whep: 2, 'll-hls': 1 },
    });
    expect(alice).not.toHaveProperty('entry');
    expect(old).toMatchObject({ state: 'ended', endReason: 'kicked', viewers: { total: 1, mp4: 1 } });
    expect(old).not.toHaveProperty('since');
    expect(quiet).toMatchObject({ state: 'offline', entry: {}, configuredAs: 'quiet' });
  });
});
