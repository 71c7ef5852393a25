import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** PATCH /posts/publish-all: publish-all for many posts in one statement. */
export const postPublishAllRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.postPublishAll;
  app.patch(
    '/posts/publish-all',
    {
      schema: {
        tags: ['posts'],
        body: Type.Object(
          {
            ids: Type.Array(Type.Integer({ minimum: 1, maximum: 9007199254740991 }), { minItems: 1, maxItems: 10_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ updated: Type.Integer() }), 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => service.run(request.body.ids),
  );
};
