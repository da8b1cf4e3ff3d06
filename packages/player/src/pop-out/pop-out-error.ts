/** Why a pop-out window did not open. Callers switch on `code`, never on the message. */
export type PopOutErrorCode = 'pop-out/unavailable' | 'pop-out/refused';

export class PopOutError extends Error {
  override readonly name = 'PopOutError';

  constructor(
    readonly code: PopOutErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  static unavailable(): PopOutError {
    return new PopOutError(
      'pop-out/unavailable',
      'This browser has no Document Picture-in-Picture (Chrome or Edge 116+ on desktop, over HTTPS).',
    );
  }

  static refused(cause: unknown): PopOutError {
    return new PopOutError(
      'pop-out/refused',
      'The browser refused the pop-out window: open it from a click or a key press.',
      { cause },
    );
  }
}
