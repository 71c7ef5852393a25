import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ERRORS, type ErrorCode } from '../errors.ts';

interface Mapped {
  code: ErrorCode;
  message: string;
}

/** The PostgreSQL SQLSTATE of an error from Sequelize or pg, if any. */
function sqlState(error: unknown): string | undefined {
  const e = error as { parent?: { code?: unknown }; original?: { code?: unknown }; code?: unknown };
  const code = e.parent?.code ?? e.original?.code ?? e.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const UNAVAILABLE = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeTimeoutError',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Maps database and driver errors onto the catalogue; undefined when not a database error. */
export function mapDatabaseError(error: unknown): Mapped | undefined {
  const e = error as { name?: string; message?: string; fields?: Record<string, unknown>; code?: unknown };
  const state = sqlState(error);
  const fields = e.fields && typeof e.fields === 'object' && !Array.isArray(e.fields) ? Object.keys(e.fields) : [];
  if (state === '23505') {
    return { code: 'UNIQUE_VIOLATION', message: `duplicate value for ${fields.join(', ') || 'a unique field'}` };
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
  if (state === '23514' || state === '22023') return { code: 'INVALID_INPUT', message: 'a value is not allowed' };
  if (e.name === 'SequelizeValidationError')
    return { code: 'NOT_NULL_VIOLATION', message: 'a field failed validation' };
  if (
    UNAVAILABLE.has(e.name ?? '') ||
    (state !== undefined && (state.startsWith('08') || state.startsWith('53') || state.startsWith('57'))) ||
    (typeof e.code === 'string' && NETWORK.has(e.code)) ||
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Cannot use a pool after calling end/i.test(
      e.message ?? '',
    )
  ) {
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
        // Fastify's own client errors: bad JSON, wrong content type, body too large.
        return reply.status(error.statusCode).send({
          statusCode: error.statusCode,
          code: error.code ?? 'BAD_REQUEST',
          error: 'Bad Request',
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
