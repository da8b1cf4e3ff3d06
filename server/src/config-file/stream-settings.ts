import { parseStreamName } from '@brume/protocol';
import path from 'node:path';
import type { BlockingHookDocument, ConfigDocument, StreamDocument } from './config-document';

/** Where a stream's media comes from. */
export type StreamSource = { kind: 'whip' } | { kind: 'hls'; url: string } | { kind: 'file'; path: string };

/** A stream's own recording settings; what it leaves unset comes from the relay's `recording` defaults. */
export interface RecordingSettings {
  /** Recorded whenever it is live: its entry has a `recording` section without `enabled: false`. */
  enabled: boolean;
  /** Absolute; a relative `directory` in the file counts from the file's directory. */
  directory?: string;
  rotateMs?: number;
}

export interface StreamAuthSettings {
  /** WHIP Bearer tokens allowed to publish; empty: anyone may. */
  publishKeys: readonly string[];
  viewerToken: boolean;
  /** Addresses and CIDR ranges allowed to publish; empty: any. */
  allowPublishFrom: readonly string[];
}

/** Everything the relay knows about one stream name, defaults filled in. */
export interface StreamSettings {
  /** The config entry these come from: the exact name, its base (`live` for `live+alice`), or none. */
  configuredAs?: string;
  source: StreamSource;
  recording: RecordingSettings;
  auth: StreamAuthSettings;
}

export interface BlockingHook {
  url: string;
  timeoutMs: number;
  default: 'allow' | 'deny';
}

export interface TriggerSettings {
  stream_start: readonly string[];
  stream_end: readonly string[];
  recording_done: readonly string[];
  push_rewrite?: BlockingHook;
  user_new?: BlockingHook;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 2000;

/**
 * The settings of `name`: its own entry if there is one, else its base's (`live+alice` → `live`),
 * else the defaults (a WHIP stream anyone may publish and watch, not recorded; recording directory
 * and rotation left to the relay-wide `recording` settings). Undefined for an
 * invalid name. `baseDirectory` anchors relative recording directories (the config file's folder).
 */
export function settingsFor(
  document: ConfigDocument,
  name: string,
  baseDirectory: string,
): StreamSettings | undefined {
  const parsed = parseStreamName(name);
  if (!parsed) return undefined;
  const streams = document.streams ?? {};
  const configuredAs = Object.hasOwn(streams, name)
    ? name
    : Object.hasOwn(streams, parsed.base)
      ? parsed.base
      : undefined;
  const entry: StreamDocument = configuredAs === undefined ? {} : (streams[configuredAs] ?? {});
  const recording = entry.recording;
  return {
    ...(configuredAs === undefined ? {} : { configuredAs }),
    source: sourceOf(entry.source, baseDirectory),
    recording: {
      enabled: recording ? (recording.enabled ?? true) : false,
      ...(recording?.directory !== undefined
        ? { directory: path.resolve(baseDirectory, recording.directory) }
        : {}),
      ...(recording?.rotateMs !== undefined ? { rotateMs: recording.rotateMs } : {}),
    },
    auth: {
      publishKeys: entry.auth?.publishKeys ?? [],
      viewerToken: entry.auth?.viewerToken ?? false,
      allowPublishFrom: entry.auth?.allowPublishFrom ?? [],
    },
  };
}

function sourceOf(source: StreamDocument['source'], baseDirectory: string): StreamSource {
  if (source === undefined || source === 'whip') return { kind: 'whip' };
  // A relative file path counts from the config file's folder, as recording directories do.
  return 'url' in source
    ? { kind: 'hls', url: source.url }
    : { kind: 'file', path: path.resolve(baseDirectory, source.path) };
}

/** The webhooks of `document`, lists normalised and blocking hooks with their defaults. */
export function triggersOf(document: ConfigDocument): TriggerSettings {
  const triggers = document.triggers ?? {};
  const list = (value: string | string[] | undefined) =>
    value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const blocking = (hook: BlockingHookDocument | undefined): BlockingHook | undefined =>
    hook && {
      url: hook.url,
      timeoutMs: hook.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
      default: hook.default ?? 'deny',
    };
  const pushRewrite = blocking(triggers.push_rewrite);
  const userNew = blocking(triggers.user_new);
  return {
    stream_start: list(triggers.stream_start),
    stream_end: list(triggers.stream_end),
    recording_done: list(triggers.recording_done),
    ...(pushRewrite ? { push_rewrite: pushRewrite } : {}),
    ...(userNew ? { user_new: userNew } : {}),
  };
}
