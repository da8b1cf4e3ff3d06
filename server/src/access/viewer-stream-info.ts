import type { StreamInfo } from '@brume/protocol';
import type { FastifyRequest } from 'fastify';
import { BrumeError } from '../util/brume-error';
import { presentedToken, withToken, carriableToken } from './viewer-credentials';
import type { ViewerGate } from './viewer-gate';

/** Adjusts the stream info a request gets to the viewer's token. */
export type StreamInfoForViewer = (info: StreamInfo, request: FastifyRequest) => StreamInfo;

/**
 * Stream info stays readable without a token (it holds no media). With one, every source URL
 * carries it (`?token=`), so a player opening them as listed presents it. For a stream that asks for
 * tokens, a missing or refused token is said in `info.error` (`auth/token-required`,
 * `auth/token-invalid`, `auth/token-unconfigured`), so a player can show why before it tries a source.
 */
export function streamInfoForViewer(gate: ViewerGate): StreamInfoForViewer {
  return (info, request) => {
    const presented = presentedToken(request.query, request.headers);
    const token = carriableToken(presented);
    const sources = token
      ? info.sources.map((source) => ({ ...source, url: withToken(source.url, token) }))
      : info.sources;
    let error = info.error;
    try {
      gate.checkToken(info.name, presented);
    } catch (refusal) {
      if (!(refusal instanceof BrumeError)) throw refusal;
      error = { code: refusal.code, message: refusal.message };
    }
    return sources === info.sources && error === info.error
      ? info
      : { ...info, sources, ...(error ? { error } : {}) };
  };
}
