import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { ErrorResponse } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** POST /posts/import (text/csv or application/x-ndjson, streamed) and GET /posts/export (text/csv, streamed). */
export const postCopyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.postCopy;
  // In this plugin only: hand the request stream to COPY as it arrives, never buffered.
  app.addContentTypeParser(['text/csv', 'application/x-ndjson'], (_request, payload, done) => done(null, payload));

  app.post(
    '/posts/import',
    {
      schema: {
        tags: ['posts'],
        response: {
          200: Type.Object({ inserted: Type.Integer(), skipped: Type.Integer() }),
          400: ErrorResponse,
          415: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request) => {
      if (!(request.body instanceof Readable))
        throw new AppError('INVALID_INPUT', 'send the rows as text/csv with a header line, or as application/x-ndjson');
      const ndjson = (request.headers['content-type'] ?? '').startsWith('application/x-ndjson');
      return ndjson ? service.importNdjson(request.body) : service.importCsv(request.body);
    },
  );

  app.get('/posts/export', { schema: { tags: ['posts'] } }, async (request, reply) => {
    const csv = await service.exportCsv();
    // Once the 200 is on its way a failure can only cut the body: log it, and end the
    // connection without the final chunk so the client sees a broken transfer, not a short file.
    csv.once('error', (error) => {
      if (reply.raw.destroyed) request.log.info({ err: error.message }, 'export ended early: the client went away');
      else request.log.error({ err: error }, 'export failed after the response started');
      reply.raw.destroy(error);
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="posts.csv"')
      .send(csv);
  });
};
