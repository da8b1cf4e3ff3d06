import { ErrorCodes } from '@brume/protocol';
import { BrumeError } from '../util/brume-error';
import type { ViewerTokenRejection } from './viewer-token';

const REASONS: Record<ViewerTokenRejection, string> = {
  malformed: 'it is malformed',
  'bad-signature': 'its signature does not match (signed with another secret, or altered)',
  expired: 'it has expired',
  'wrong-stream': 'it is for another stream',
};

/**
 * A viewer the relay will not serve: 401 `auth/token-required`, 403 `auth/token-invalid` (the message
 * says why), 403 `auth/viewer-refused` (the `user_new` hook said no), 503 `auth/token-unconfigured`
 * (the stream asks for tokens and the server has no secret to check them with).
 */
export class ViewerAccessError extends BrumeError {
  override name = 'ViewerAccessError';

  static tokenRequired(stream: string): ViewerAccessError {
    return new ViewerAccessError(
      ErrorCodes.viewerTokenRequired,
      `stream ${stream} needs a viewer token: add ?token=... (or Authorization: Bearer ...)`,
    );
  }

  static tokenInvalid(stream: string, reason: ViewerTokenRejection): ViewerAccessError {
    return new ViewerAccessError(
      ErrorCodes.viewerTokenInvalid,
      `the viewer token for stream ${stream} is refused: ${REASONS[reason]}; get a new one`,
    );
  }

  static refused(stream: string): ViewerAccessError {
    return new ViewerAccessError(ErrorCodes.viewerRefused, `this viewer may not watch stream ${stream}`);
  }

  static unconfigured(stream: string): ViewerAccessError {
    return new ViewerAccessError(
      ErrorCodes.viewerTokenUnconfigured,
      `stream ${stream} asks for viewer tokens but the server has no auth.viewerTokenSecret; the operator must set one`,
    );
  }
}
