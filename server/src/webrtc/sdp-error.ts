import { ErrorCodes } from '@brume/protocol';
import { BrumeError } from '../util/brume-error';

export type SdpErrorCode = typeof ErrorCodes.malformedSdp | typeof ErrorCodes.noUsableCodec;

/** A session description the relay cannot use; the message says what is wrong, for the client's logs. */
export class SdpError extends BrumeError {
  override readonly name = 'SdpError';
  declare readonly code: SdpErrorCode;

  static malformed(message: string): SdpError {
    return new SdpError(ErrorCodes.malformedSdp, message);
  }

  static noUsableCodec(message: string): SdpError {
    return new SdpError(ErrorCodes.noUsableCodec, message);
  }
}
