import { STATUS_CODES } from 'node:http';
import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, columnOfKey, ERRORS, type ErrorCode } from '../errors.ts';

interface Mapped {
  code: ErrorCode;
  message: string;
}

/** The error and the driver errors it wraps (Sequelize keeps pg's error as parent/original). */
function layers(error: unknown): Array<{ name?: unknown; code?: unknown; message?: unknown }> {
  const e = error as { parent?: object; original?: object };
  return [error as object, e.parent, e.original].filter((x): x is object => typeof x === 'object' && x !== null);
}

/** The PostgreSQL SQLSTATE of an error from Sequelize or pg, if any. */
function sqlState(error: unknown): string | undefined {
  const code = layers(error)
    .map((l) => l.code)
    .find((c) => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
  return code as string | undefined;
}

const UNAVAILABLE = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeInvalidConnectionError',
  'SequelizeTimeoutError',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);
/** What pg and its pool say when a connection dies or cannot be had; none of these carries a SQLSTATE. */
const LOST =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Cannot use a pool after calling end|Client has encountered a connection error|Client was closed and is not queryable|terminating connection|the database system is (starting up|shutting down|in recovery)|Connection ended unexpectedly|read ECONNRESET|after the connection manager was closed|pool is draining/i;

/** Maps database and driver errors onto the catalogue; undefined when not a database error. */
export function mapDatabaseError(error: unknown): Mapped | undefined {
  const e = error as { name?: string; fields?: Record<string, unknown> };
  const state = sqlState(error);
  const fields = e.fields && typeof e.fields === 'object' && !Array.isArray(e.fields) ? Object.keys(e.fields) : [];
  if (state === '23505') {
    return {
      code: 'UNIQUE_VIOLATION',
      message: `duplicate value for ${fields.map(columnOfKey).join(', ') || 'a unique field'}`,
    };
  }
  // 23503: a foreign key violation; 23001: ON DELETE RESTRICT.
  if (state === '23503' || state === '23001')
    return {
      code: 'FOREIGN_KEY_VIOLATION',
      message: 'the row refers to a row that does not exist, or is still referred to',
    };
  if (state === '23502') return { code: 'NOT_NULL_VIOLATION', message: 'a required field is missing' };
  if (state === '22001') return { code: 'INVALID_INPUT', message: 'a value is too long for its field' };
  if (state === '22P02' || state === '22007' || state === '22008')
    return { code: 'INVALID_INPUT', message: 'a value has the wrong format' };
  if (state === '22003') return { code: 'INVALID_INPUT', message: 'a number is out of range' };
  // 22021: a byte sequence the database cannot store (a NUL byte, broken UTF-8).
  if (state === '22021' || state === '22P05')
    return {
      code: 'INVALID_INPUT',
      message: 'a value holds bytes that cannot be stored (a NUL byte or invalid UTF-8)',
    };
  if (state === '23514' || state === '22023') return { code: 'INVALID_INPUT', message: 'a value is not allowed' };
  // 57014: statement_timeout cancelled the query; the database itself is fine.
  if (state === '57014')
    return { code: 'DB_TIMEOUT', message: 'the query took too long and was cancelled; narrow it or try again later' };
  if (e.name === 'SequelizeValidationError')
    return { code: 'NOT_NULL_VIOLATION', message: 'a field failed validation' };
  const lost = layers(error).some(
    (l) =>
      UNAVAILABLE.has(String(l.name)) ||
      (typeof l.code === 'string' && NETWORK.has(l.code)) ||
      LOST.test(String(l.message ?? '')),
  );
  if (lost || (state !== undefined && (state.startsWith('08') || state.startsWith('53') || state.startsWith('57')))) {
    return { code: 'DB_UNAVAILABLE', message: 'the database is unavailable; try again later' };
  }
  return undefined;
}

/** One error handler for the whole app: catalogue codes, 4xx for bad input, never a stack or SQL. */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      let code: ErrorCode;
      let message: string;
      let statusCode: number;
      const mapped = error instanceof AppError ? undefined : mapDatabaseError(error);
      if (error instanceof AppError) {
        ({ code, message, statusCode } = error);
      } else if (error.validation) {
        code = 'VALIDATION';
        message = error.message;
        statusCode = 400;
      } else if (mapped) {
        ({ code, message } = mapped);
        statusCode = ERRORS[code].statusCode;
      } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        // Fastify's own client errors: bad JSON, wrong content type, body too large, a timed-out upload.
        request.log.info({ code: error.code, message: error.message }, 'request rejected');
        return reply.status(error.statusCode).send({
          statusCode: error.statusCode,
          code: error.code ?? 'BAD_REQUEST',
          error: STATUS_CODES[error.statusCode] ?? 'Client Error',
          message: error.message,
        });
      } else {
        code = 'INTERNAL';
        message = 'internal server error';
        statusCode = 500;
      }
      if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code, message }, 'request rejected');
      return reply.status(statusCode).send({ statusCode, code, error: ERRORS[code].error, message });
    });

    // While the app closes, requests on kept-alive connections get a 503 in the app's shape, and the connection ends.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    // Callback hooks: they run on every request, and an async hook costs a promise each.
    app.addHook('onRequest', (_request, reply, done) => {
      if (!closing) return done();
      const { statusCode, error } = ERRORS.SHUTTING_DOWN;
      reply
        .status(statusCode)
        .header('connection', 'close')
        .header('retry-after', '1')
        .send({
          statusCode,
          code: 'SHUTTING_DOWN',
          error,
          message: 'the server is shutting down; retry on another instance',
        });
    });
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('connection', 'close');
      done(null, payload);
    });

    app.setNotFoundHandler((request, reply) => {
      return reply.status(404).send({
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'Not Found',
        message: `route ${request.method} ${request.url.split('?')[0]} not found`,
      });
    });
  },
  { name: 'errors' },
);
