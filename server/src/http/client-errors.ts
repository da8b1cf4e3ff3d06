import { ErrorCodes, type ErrorBody } from '@brume/protocol';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Node's HTTP parser refused the request (bad request line, bad header, headers too large)
 * before Fastify saw it: answer in the same `{error: {code, message}}` form as every other error,
 * instead of Node's bare `400 Bad Request`.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // The client is gone: nothing to answer.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body: ErrorBody = {
    error: {
      code: ErrorCodes.badRequest,
      message: tooLarge ? 'request headers are too large' : 'malformed HTTP request',
    },
  };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

/**
 * Errors Fastify answers before routing (a URL whose percent-encoding is not UTF-8, such as
 * `/whip/%80`): in our JSON form too.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const body: ErrorBody = {
    error: {
      code: ErrorCodes.badRequest,
      message:
        error.code === 'FST_ERR_BAD_URL' ? 'the URL is not valid percent-encoded UTF-8' : error.message,
    },
  };
  void reply.status(400).type('application/json').send(body);
}
