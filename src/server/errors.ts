/** Every error code the API returns, with its HTTP status. One list, stable names. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  coach_blocked: 422,
  discount_approval_required: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // Never read: the client closed a read request before its answer (logged, like nginx's 499).
  client_gone: 499,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field path (dot-separated) and what is wrong with it. */
export type FieldErrors = Record<string, string>;

/** The only error services throw on purpose; the error handler maps it to HTTP. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** More about the error, sent beside code and message (a blocked reply's findings). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'you are not allowed to do this') =>
  new AppError('forbidden', message);
export const conflict = (message: string, fields?: FieldErrors) =>
  new AppError('conflict', message, fields);
export const invalid = (fields: FieldErrors) =>
  new AppError('validation_failed', `invalid ${Object.keys(fields).join(', ')}`, fields);
