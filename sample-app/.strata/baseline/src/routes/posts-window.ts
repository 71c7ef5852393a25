import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** One row of /analytics/posts-window. */
const Row = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    weighted: Type.String(),
    request_id: Type.String(),
  },
  { additionalProperties: false },
);

const Query = Type.Object(
  {
    since: Type.String({ format: 'date-time' }),
    until: Type.String({ format: 'date' }),
    published: Type.Boolean(),
    search: Type.String({ maxLength: 1000 }),
    minAuthorId: Type.String({ pattern: '^-?[0-9]{1,19}$' }),
    minTitleLength: Type.Number(),
    weight: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' }),
    requestId: Type.String({ format: 'uuid' }),
    titles: Type.Unknown(),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

/** GET /analytics/posts-window: Posts window, on the raw SQL layer. */
export const postsWindowRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.postsWindow;
  app.get(
    '/analytics/posts-window',
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
