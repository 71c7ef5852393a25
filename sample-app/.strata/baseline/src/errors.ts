/**
 * The app's one error catalogue. Services throw these domain errors; the error
 * plugin (src/plugins/errors.ts) turns them, and database errors, into
 * responses. No stack trace or SQL ever reaches a client.
 */
export const ERRORS = {
  VALIDATION: { statusCode: 400, error: 'Bad Request' },
  INVALID_INPUT: { statusCode: 400, error: 'Bad Request' },
  NOT_FOUND: { statusCode: 404, error: 'Not Found' },
  COPY_IDLE: { statusCode: 408, error: 'Request Timeout' },
  CONFLICT: { statusCode: 409, error: 'Conflict' },
  UNIQUE_VIOLATION: { statusCode: 409, error: 'Conflict' },
  FOREIGN_KEY_VIOLATION: { statusCode: 409, error: 'Conflict' },
  PAYLOAD_TOO_LARGE: { statusCode: 413, error: 'Payload Too Large' },
  NOT_NULL_VIOLATION: { statusCode: 422, error: 'Unprocessable Entity' },
  DB_UNAVAILABLE: { statusCode: 503, error: 'Service Unavailable' },
  DB_TIMEOUT: { statusCode: 503, error: 'Service Unavailable' },
  SHUTTING_DOWN: { statusCode: 503, error: 'Service Unavailable' },
  INTERNAL: { statusCode: 500, error: 'Internal Server Error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a code from the catalogue and a message safe to show a client. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERRORS[code].statusCode;
  }
}

/** The row asked for does not exist. */
export class NotFoundError extends AppError {
  constructor(entity: string, id: number | string) {
    super('NOT_FOUND', `${entity} ${id} not found`);
  }
}

/** The change contradicts the current state (a duplicate, a row still referenced). */
export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** The column of a unique key as PostgreSQL reports it: `email`, or `lower(email::text` for a case-insensitive key. */
export function columnOfKey(key: string): string {
  return /^lower\(\(?"?([^":)]+)/.exec(key)?.[1] ?? key;
}

/**
 * Turns a unique-key violation from the ORM into a ConflictError naming the
 * fields; rethrows anything else. Services use it around their writes.
 */
export function rethrowConflict(entity: string): (error: unknown) => never {
  return (error) => {
    const e = error as { name?: string; fields?: Record<string, unknown> };
    if (e.name === 'SequelizeUniqueConstraintError') {
      const fields =
        Object.keys(e.fields ?? {})
          .map(columnOfKey)
          .join(', ') || 'these values';
      throw new ConflictError(`${entity} with this ${fields} already exists`);
    }
    throw error;
  };
}
