import { parseStreamName } from '@brume/protocol';

/** A blocking hook's decision, as read from its answer. */
export type HookVerdict =
  | { allow: true; /** push_rewrite: the name to publish under, when the hook gave one. */ stream?: string }
  | { allow: false; reason: string };

const ALLOW = /^(?:true|1)$/i;
const DENY = /^(?:false|0)$/i;

/**
 * Reads the body of a hook's 2xx answer. JSON: `{"allow": bool}`, and for `push_rewrite` also
 * `{"stream": "name"}` (allowed, published under that name) and `{"allow": false, "reason": "..."}`.
 * MistServer-style plain text: `true`/`1` allow, `false`/`0` refuse, and for `push_rewrite` a bare
 * stream name. An empty body refuses, and so does anything else (an answer we cannot read must not
 * let a publisher or viewer in). Stream names are checked with the stream-name rules.
 */
export function readHookAnswer(kind: 'push_rewrite' | 'user_new', body: string): HookVerdict {
  const text = body.trim();
  if (text === '') return { allow: false, reason: 'the hook answered with an empty body' };
  if (ALLOW.test(text)) return { allow: true };
  if (DENY.test(text)) return { allow: false, reason: 'the hook refused' };
  if (text.startsWith('{')) return readJsonAnswer(kind, text);
  if (kind === 'push_rewrite') return renamed(text.replace(/^"|"$/g, ''));
  return { allow: false, reason: `the hook's answer "${text.slice(0, 40)}" is neither true nor false` };
}

function readJsonAnswer(kind: 'push_rewrite' | 'user_new', text: string): HookVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { allow: false, reason: 'the hook answered with malformed JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { allow: false, reason: 'the hook answered with JSON that is not an object' };
  }
  const answer = value as { allow?: unknown; stream?: unknown; reason?: unknown };
  const reason = typeof answer.reason === 'string' && answer.reason ? answer.reason.slice(0, 200) : undefined;
  if (answer.allow === false) return { allow: false, reason: reason ?? 'the hook refused' };
  if (kind === 'push_rewrite' && answer.stream !== undefined && answer.allow !== false) {
    return typeof answer.stream === 'string'
      ? renamed(answer.stream)
      : { allow: false, reason: 'the hook answered a "stream" that is not a string' };
  }
  if (answer.allow === true) return { allow: true };
  return { allow: false, reason: 'the hook answered JSON without a boolean "allow"' };
}

function renamed(name: string): HookVerdict {
  const parsed = parseStreamName(name);
  if (!parsed)
    return { allow: false, reason: `the hook answered an invalid stream name "${name.slice(0, 80)}"` };
  return { allow: true, stream: parsed.full };
}
