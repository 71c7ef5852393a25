import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** One row of /analytics/top-authors. */
const Row = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    posts: Type.String(),
  },
  { additionalProperties: false },
);

const Query = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

/** GET /analytics/top-authors: Top authors, on the raw SQL layer. */
export const topAuthorsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.topAuthors;
  app.get(
    '/analytics/top-authors',
    {
      schema: {
        tags: ['analytics'],
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(Row) }), 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => ({ items: await service.run(request.query) }),
  );
};
