import path from 'node:path';
import { parseStreamName } from '@brume/protocol';
import type { RecordingConfig } from '../config';
import type { ConfigDocument } from '../config-file/config-document';
import type { StreamSettings } from '../config-file/stream-settings';

/** How one stream is recorded. */
export interface RecordingPlan {
  /** Recorded from each time it goes live (else only when started by hand). */
  always: boolean;
  /** Absolute directory; files go to `<dir>/<name>/<name>-<start>.mp4`. */
  dir: string;
  segmentMs: number;
}

/** Where recordings go and which streams record on their own, read afresh at every use. */
export interface RecordingPolicy {
  planFor(name: string): RecordingPlan;
  /** Every directory a recording can be in: the relay's, and each stream entry's own. */
  directories(): string[];
}

/** What the policy reads from the running config file. */
export interface RecordingSettingsSource {
  readonly document: ConfigDocument;
  settingsFor(name: string): StreamSettings | undefined;
}

/**
 * Joins the two ways a recording is configured: the relay's `recording` options (`streams` to
 * record, directory, rotation; the config file's top-level `recording` feeds them) and a stream
 * entry's own `recording` section, which turns recording on and may set its own directory and
 * rotation. Both are read on each call, so a reloaded file applies to the next recording.
 */
export function recordingPolicy(
  relay: () => RecordingConfig,
  file: RecordingSettingsSource,
): RecordingPolicy {
  return {
    planFor(name) {
      const defaults = relay();
      const own = file.settingsFor(name)?.recording;
      return {
        always: (own?.enabled ?? false) || namedIn(defaults.streams, name),
        dir: own?.directory ?? path.resolve(defaults.dir),
        segmentMs: own?.rotateMs ?? defaults.segmentMs,
      };
    },
    directories() {
      const dirs = new Set([path.resolve(relay().dir)]);
      for (const name of Object.keys(file.document.streams ?? {})) {
        const dir = file.settingsFor(name)?.recording.directory;
        if (dir !== undefined) dirs.add(dir);
      }
      return [...dirs];
    },
  };
}

function namedIn(streams: RecordingConfig['streams'], name: string): boolean {
  if (streams === 'all') return true;
  const parsed = parseStreamName(name);
  return parsed !== undefined && (streams.includes(parsed.full) || streams.includes(parsed.base));
}
