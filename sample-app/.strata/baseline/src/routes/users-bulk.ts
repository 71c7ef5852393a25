import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { HASH_FORMAT } from '../security/secrets.ts';
import { MAX_BULK_ROWS } from '../services/user-bulk-service.ts';
import { UserCreateBody } from './users.ts';
import type { RouteOptions } from './index.ts';

/**
 * A row of a bulk insert. Secrets arrive already hashed in the app's format
 * (scrypt$..., e.g. moved from another instance): hashing thousands of
 * passwords in one request would be slow by design, and plain text is refused.
 */
const BulkRow = Type.Composite(
  [
    Type.Omit(UserCreateBody, ['password']),
    Type.Object({ hashedPassword: Type.String({ pattern: HASH_FORMAT.source, maxLength: 255 }) }),
  ],
  { additionalProperties: false },
);

/** POST /users/bulk: many users in one request, on the raw SQL layer. */
export const userBulkRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.userBulk;
  app.post(
    '/users/bulk',
    {
      bodyLimit: 64 * 1024 * 1024,
      // Counted before validation, so an oversized request is a 413, not a slow 400.
      preValidation: async (request) => {
        if (Array.isArray(request.body) && request.body.length > MAX_BULK_ROWS) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `at most ${MAX_BULK_ROWS} rows per request, got ${request.body.length}`,
          );
        }
      },
      schema: {
        tags: ['users'],
        body: Type.Array(BulkRow, { minItems: 1 }),
        response: {
          200: Type.Object({ inserted: Type.Integer(), skipped: Type.Integer() }),
          400: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request) => service.insert(request.body),
  );
};
