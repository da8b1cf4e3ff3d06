import { isErrorBody } from '@brume/protocol';

/** A refused admin request: the server's stable code and message (and, for a bad config, each problem). */
export class AdminApiError extends Error {
  override name = 'AdminApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static unreachable(cause: unknown): AdminApiError {
    return new AdminApiError(0, 'admin/unreachable', 'the server did not answer; is it running?', [], {
      cause,
    });
  }
}

export type AdminFetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * One admin request: JSON in and out, the token as a Bearer header when there is one. Anything but
 * a 2xx throws an `AdminApiError` carrying the server's `{error: {code, message}}`.
 */
export async function adminRequest<T>(
  fetchImpl: AdminFetch,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw AdminApiError.unreachable(error);
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  if (isErrorBody(payload)) {
    const problems = (payload.error as { problems?: unknown }).problems;
    const reasons = Array.isArray(problems)
      ? problems.flatMap((problem) =>
          typeof (problem as { reason?: unknown }).reason === 'string'
            ? [(problem as { reason: string }).reason]
            : [],
        )
      : [];
    throw new AdminApiError(response.status, payload.error.code, payload.error.message, reasons);
  }
  throw new AdminApiError(response.status, 'http/error', `HTTP ${response.status}`);
}
