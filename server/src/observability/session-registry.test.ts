import { describe, expect, it } from 'vitest';
import type { Logger } from '../util/logger';
import { SessionRegistry, type EndedSession } from './session-registry';

function recordingLogger(): { log: Logger; lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push(
        typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj, ...(msg ? { msg } : {}) },
      );
    };
  const log: Logger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    child: () => log,
  };
  return { log, lines };
}

describe('SessionRegistry', () => {
  it('lists open sessions with their client, role and bytes', () => {
    let now = 1_000;
    const registry = new SessionRegistry(recordingLogger().log, () => now);
    const viewer = registry.open({ stream: 'live', protocol: 'mp4', ip: '10.0.0.1', userAgent: 'VLC/3' });
    registry.open({ stream: 'live', protocol: 'whip', ip: '10.0.0.2', userAgent: 'OBS', id: 'abc' });
    viewer.addBytes(500);
    viewer.addBytes(250);
    now = 2_000;
    expect(registry.list()).toEqual([
      {
        id: viewer.id,
        stream: 'live',
        protocol: 'mp4',
        role: 'viewer',
        ip: '10.0.0.1',
        userAgent: 'VLC/3',
        startedAt: 1_000,
        bytes: 750,
        kickable: false,
      },
      {
        id: 'abc',
        stream: 'live',
        protocol: 'whip',
        role: 'publisher',
        ip: '10.0.0.2',
        userAgent: 'OBS',
        startedAt: 1_000,
        bytes: 0,
        kickable: false,
      },
    ]);
  });

  it('counts open viewers per stream and protocol, publishers excluded', () => {
    const registry = new SessionRegistry(recordingLogger().log);
    const client = { ip: '1.2.3.4', userAgent: 'x' };
    registry.open({ stream: 'a', protocol: 'whep', ...client });
    const second = registry.open({ stream: 'a', protocol: 'whep', ...client });
    registry.open({ stream: 'a', protocol: 'll-hls', ...client });
    registry.open({ stream: 'b', protocol: 'ws-mp4', ...client });
    registry.open({ stream: 'c', protocol: 'whip', ...client });
    second.close('client-closed');
    const counts = registry.viewerCounts();
    expect(counts.get('a')).toMatchObject({ whep: 1, 'll-hls': 1, mp4: 0 });
    expect(counts.get('b')).toMatchObject({ 'ws-mp4': 1 });
    expect(counts.has('c')).toBe(false);
  });

  it("lists a sibling worker's pull as internal without counting it a viewer; a worker's made-up ids carry its prefix", () => {
    const registry = new SessionRegistry(recordingLogger().log, Date.now, 'w1-');
    const client = { ip: '127.0.0.1', userAgent: 'brume' };
    registry.open({ stream: 'a', protocol: 'whep', id: 'abc', ...client, internal: true });
    registry.open({ stream: 'a', protocol: 'whep', id: 'def', ...client });
    const ws = registry.open({ stream: 'a', protocol: 'ws-mp4', ...client });
    expect(registry.viewerCounts().get('a')).toMatchObject({ whep: 1, 'ws-mp4': 1 });
    expect(registry.list().map((s) => [s.id, s.internal])).toEqual([
      ['abc', true],
      ['def', undefined],
      ['w1-ws-mp4-1', undefined],
    ]);
    expect(ws.id).toBe('w1-ws-mp4-1');
  });

  it('pulls counters from sessions that keep their own, and keeps totals after they end', () => {
    const registry = new SessionRegistry(recordingLogger().log);
    let sent = 100;
    const whep = registry.open({
      stream: 's',
      protocol: 'whep',
      ip: '',
      userAgent: '',
      counters: () => ({ bytes: sent, nacksReceived: 2, plisReceived: 1 }),
    });
    expect(registry.counterTotals().get('whep')).toMatchObject({
      bytes: 100,
      nacksReceived: 2,
      plisReceived: 1,
    });
    sent = 300;
    expect(registry.list()[0]?.bytes).toBe(300);
    sent = 350;
    whep.close('client-closed');
    sent = 10_000; // read no more once closed
    expect(registry.counterTotals().get('whep')).toMatchObject({
      bytes: 350,
      nacksReceived: 2,
      plisReceived: 1,
    });
    expect(registry.counterTotals().get('whip')?.bytes).toBe(0);
  });

  it('ends a session once, with one log line that says why, how long and how much', () => {
    let now = 0;
    const { log, lines } = recordingLogger();
    const registry = new SessionRegistry(log, () => now);
    const ended: EndedSession[] = [];
    registry.events.on('ended', (session) => ended.push(session));
    const session = registry.open({ stream: 'cam', protocol: 'ts', ip: '::1', userAgent: 'curl' });
    session.addBytes(2048);
    now = 12_500;
    session.close('stream-ended');
    session.close('error');
    session.addBytes(99);
    expect(session.closed).toBe(true);
    expect(registry.size).toBe(0);
    expect(ended).toEqual([
      expect.objectContaining({ reason: 'stream-ended', durationMs: 12_500, bytes: 2048 }),
    ]);
    const endLines = lines.filter((line) => line.level !== 'debug');
    expect(endLines).toEqual([
      {
        level: 'info',
        obj: expect.objectContaining({
          stream: 'cam',
          protocol: 'ts',
          reason: 'stream-ended',
          durationMs: 12_500,
          bytes: 2048,
        }),
        msg: 'viewer ts of cam ended (stream-ended) after 12.5 s, 2.0 KiB',
      },
    ]);
  });

  it('logs a session that ended in error as a warning', () => {
    const { log, lines } = recordingLogger();
    const registry = new SessionRegistry(log);
    registry.open({ stream: 'x', protocol: 'ws-mp4', ip: '', userAgent: '' }).close('error');
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('kicks a session that can be ended: reason kicked, then its end runs; the output reporting its close changes nothing', () => {
    const { log, lines } = recordingLogger();
    const registry = new SessionRegistry(log);
    const ended: EndedSession[] = [];
    registry.events.on('ended', (session) => ended.push(session));
    const opened: { handle?: ReturnType<SessionRegistry['open']> } = {};
    // As outputs do: ending the connection makes the output close the handle with its own reason.
    const end = () => opened.handle?.close('client-closed');
    const handle = registry.open({ stream: 'live', protocol: 'ws-mp4', ip: '10.0.0.1', userAgent: 'x', end });
    opened.handle = handle;
    const polled = registry.open({ stream: 'live', protocol: 'll-hls', ip: '10.0.0.2', userAgent: 'y' });

    expect(registry.get(handle.id)?.kickable).toBe(true);
    expect(registry.get(polled.id)?.kickable).toBe(false);
    expect(registry.kick(polled.id)).toBe('not-kickable');
    expect(registry.kick('nobody')).toBe('not-found');
    expect(registry.kick(handle.id)).toBe('kicked');
    expect(handle.closed).toBe(true);
    expect(ended.map((session) => [session.protocol, session.reason])).toEqual([['ws-mp4', 'kicked']]);
    expect(lines.some((line) => line.msg?.includes('ws-mp4 of live ended (kicked)'))).toBe(true);
    expect(registry.kick(handle.id)).toBe('not-found');
    expect(registry.list().map((session) => session.protocol)).toEqual(['ll-hls']);
  });

  it('logs an end that throws and still counts the session kicked', () => {
    const { log, lines } = recordingLogger();
    const registry = new SessionRegistry(log);
    const handle = registry.open({
      stream: 'live',
      protocol: 'mp4',
      ip: '',
      userAgent: '',
      end: () => {
        throw new Error('socket gone');
      },
    });
    expect(registry.kick(handle.id)).toBe('kicked');
    expect(registry.size).toBe(0);
    expect(lines.some((line) => line.level === 'warn' && line.msg?.includes('failed'))).toBe(true);
  });
});
