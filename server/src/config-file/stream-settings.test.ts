import { describe, expect, it } from 'vitest';
import type { ConfigDocument } from './config-document';
import { settingsFor, triggersOf } from './stream-settings';

const DOCUMENT: ConfigDocument = {
  streams: {
    live: {
      recording: { directory: 'rec' },
      auth: { publishKeys: ['base-key-1234'], allowPublishFrom: ['10.0.0.0/8'] },
    },
    'live+vip': { auth: { publishKeys: ['vip-key-1234'], viewerToken: true } },
    news: { source: { url: 'https://origin.example/news.m3u8' } },
    trailer: { source: { path: '/srv/trailer.mp4' }, recording: { enabled: false, directory: '/abs' } },
  },
};

describe('settingsFor', () => {
  it('gives an unlisted stream the defaults: WHIP, open, not recorded', () => {
    expect(settingsFor(DOCUMENT, 'other', '/etc/brume')).toEqual({
      source: { kind: 'whip' },
      recording: { enabled: false },
      auth: { publishKeys: [], viewerToken: false, allowPublishFrom: [] },
    });
    expect(settingsFor({}, 'live', '/etc/brume')?.configuredAs).toBeUndefined();
  });

  it('gives base+suffix the settings of its base', () => {
    const alice = settingsFor(DOCUMENT, 'live+alice', '/etc/brume');
    expect(alice).toEqual(settingsFor(DOCUMENT, 'live', '/etc/brume'));
    expect(alice?.configuredAs).toBe('live');
    expect(alice?.auth.publishKeys).toEqual(['base-key-1234']);
    // A section without `enabled` records; its directory counts from the config file's folder.
    expect(alice?.recording).toEqual({ enabled: true, directory: '/etc/brume/rec' });
  });

  it('lets an exact entry win over its base, without mixing the two', () => {
    const vip = settingsFor(DOCUMENT, 'live+vip', '/etc/brume');
    expect(vip?.configuredAs).toBe('live+vip');
    expect(vip?.auth).toEqual({ publishKeys: ['vip-key-1234'], viewerToken: true, allowPublishFrom: [] });
    expect(vip?.recording.enabled).toBe(false);
  });

  it('resolves pull and file sources, and absolute recording directories', () => {
    expect(settingsFor(DOCUMENT, 'news', '/x')?.source).toEqual({
      kind: 'hls',
      url: 'https://origin.example/news.m3u8',
    });
    const trailer = settingsFor(DOCUMENT, 'trailer+cut', '/x');
    expect(trailer?.source).toEqual({ kind: 'file', path: '/srv/trailer.mp4' });
    // A relative path counts from the config file's folder.
    expect(
      settingsFor({ streams: { clip: { source: { path: 'media/clip.mp4' } } } }, 'clip', '/x')?.source,
    ).toEqual({
      kind: 'file',
      path: '/x/media/clip.mp4',
    });
    expect(trailer?.recording).toEqual({ enabled: false, directory: '/abs' });
  });

  it('has nothing for an invalid name, and does not treat inherited object keys as entries', () => {
    expect(settingsFor(DOCUMENT, '../etc', '/x')).toBeUndefined();
    expect(settingsFor(DOCUMENT, 'live+', '/x')).toBeUndefined();
    expect(settingsFor(DOCUMENT, 'constructor', '/x')?.configuredAs).toBeUndefined();
  });
});

describe('triggersOf', () => {
  it('normalises notification lists and fills blocking hook defaults', () => {
    expect(triggersOf({})).toEqual({ stream_start: [], stream_end: [], recording_done: [] });
    expect(
      triggersOf({
        triggers: {
          stream_start: 'https://h.example/start',
          stream_end: ['https://h.example/a', 'https://h.example/b'],
          push_rewrite: { url: 'https://h.example/push' },
          user_new: { url: 'https://h.example/user', timeoutMs: 500, default: 'allow' },
        },
      }),
    ).toEqual({
      stream_start: ['https://h.example/start'],
      stream_end: ['https://h.example/a', 'https://h.example/b'],
      recording_done: [],
      push_rewrite: { url: 'https://h.example/push', timeoutMs: 2000, default: 'deny' },
      user_new: { url: 'https://h.example/user', timeoutMs: 500, default: 'allow' },
    });
  });
});
