import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../http/schemas.ts';

/** GET /health: 200 when both data layers reach the database, 503 otherwise. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: ErrorResponse },
      },
    },
    async () => {
      await app.db.ping();
      return { status: 'ok' as const };
    },
  );
};
