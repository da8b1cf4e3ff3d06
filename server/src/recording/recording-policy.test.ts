import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingConfig } from '../config';
import type { ConfigDocument } from '../config-file/config-document';
import { settingsFor } from '../config-file/stream-settings';
import { recordingPolicy } from './recording-policy';

function policyOf(relay: RecordingConfig, document: ConfigDocument) {
  return recordingPolicy(() => relay, {
    document,
    settingsFor: (name) => settingsFor(document, name, '/etc/brume'),
  });
}

describe('recordingPolicy', () => {
  const relay: RecordingConfig = { dir: 'recordings', streams: ['show'], segmentMs: 600_000 };
  const document: ConfigDocument = {
    streams: {
      live: { recording: { directory: 'live-files', rotateMs: 60_000 } },
      news: { recording: {} },
      quiet: { recording: { enabled: false, directory: '/srv/quiet' } },
      open: {},
    },
  };
  const policy = policyOf(relay, document);

  it('records streams named in the relay options, and those whose entry has a recording section', () => {
    expect(policy.planFor('show+bob').always).toBe(true);
    expect(policy.planFor('live+alice').always).toBe(true);
    expect(policy.planFor('news').always).toBe(true);
    expect(policy.planFor('quiet').always).toBe(false);
    expect(policy.planFor('open').always).toBe(false);
    expect(policy.planFor('other').always).toBe(false);
  });

  it('takes a stream entry’s directory and rotation, else the relay’s', () => {
    expect(policy.planFor('live+alice')).toMatchObject({ dir: '/etc/brume/live-files', segmentMs: 60_000 });
    expect(policy.planFor('news')).toMatchObject({ dir: path.resolve('recordings'), segmentMs: 600_000 });
    // Off, but a recording started by hand still goes to its own directory.
    expect(policy.planFor('quiet').dir).toBe('/srv/quiet');
  });

  it('lists every directory a recording can be in, once each', () => {
    expect(policy.directories().sort()).toEqual(
      [path.resolve('recordings'), '/etc/brume/live-files', '/srv/quiet'].sort(),
    );
  });

  it('reads the config afresh at each call', () => {
    const mutable: RecordingConfig = { ...relay, streams: [] };
    const live = recordingPolicy(() => mutable, { document: {}, settingsFor: () => undefined });
    expect(live.planFor('show').always).toBe(false);
    mutable.streams = 'all';
    expect(live.planFor('show').always).toBe(true);
  });
});
