import { ErrorCodes } from '@brume/protocol';
import { BrumeError } from '../util/brume-error';

/**
 * A WHIP request refused by publish access control: 401 `auth/publish-key` (with a
 * `WWW-Authenticate: Bearer` challenge), 403 `auth/ip-not-allowed`, 403 `auth/push-refused`.
 */
export class PublishAccessError extends BrumeError {
  override name = 'PublishAccessError';

  private constructor(
    code: BrumeError['code'],
    message: string,
    /** The `WWW-Authenticate` value a 401 carries (RFC 6750 §3). */
    readonly challenge?: string,
  ) {
    super(code, message);
  }

  static missingKey(stream: string): PublishAccessError {
    return new PublishAccessError(
      ErrorCodes.publishKey,
      `publishing to ${stream} needs a stream key: send it as "Authorization: Bearer <key>"`,
      'Bearer realm="whip"',
    );
  }

  static wrongKey(stream: string): PublishAccessError {
    return new PublishAccessError(
      ErrorCodes.publishKey,
      `the stream key is not valid for ${stream}`,
      'Bearer realm="whip", error="invalid_token"',
    );
  }

  /** PATCH/DELETE of a WHIP session without the token that created it. */
  static sessionKey(stream: string): PublishAccessError {
    return new PublishAccessError(
      ErrorCodes.publishKey,
      `this WHIP session of ${stream} needs the Bearer token it was created with`,
      'Bearer realm="whip", error="invalid_token"',
    );
  }

  static ipNotAllowed(stream: string, ip: string): PublishAccessError {
    return new PublishAccessError(
      ErrorCodes.ipNotAllowed,
      `publishing to ${stream} is not allowed from ${ip}; the stream's allowPublishFrom list does not include it`,
    );
  }

  static pushRefused(stream: string, reason: string): PublishAccessError {
    return new PublishAccessError(ErrorCodes.pushRefused, `publishing to ${stream} was refused: ${reason}`);
  }
}
