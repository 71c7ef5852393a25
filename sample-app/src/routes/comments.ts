import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime, ErrorResponse, IdParams, PageOf, PaginationQuery, parseSort, sortPattern } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE: Record<string, string> = {
  id: 'id',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** Comment as the API returns it. */
export const CommentSchema = Type.Object(
  {
    id: Type.Integer(),
    body: Type.String(),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { additionalProperties: false },
);

/** The body of POST /comments: no id, no timestamps, nothing unknown. */
const CommentCreateBody = Type.Object(
  {
    body: Type.String(),
  },
  { additionalProperties: false },
);

/** The body of PATCH /comments/:id: any subset, at least one field. */
const CommentUpdateBody = Type.Partial(CommentCreateBody, { additionalProperties: false, minProperties: 1 });

const CommentListQuery = Type.Object(
  {
    ...PaginationQuery,
    sort: Type.Optional(Type.String({ pattern: sortPattern(Object.keys(SORTABLE)), maxLength: 200 })),
  },
  { additionalProperties: false },
);

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse };

/** CRUD routes for comments at /comments. */
export const commentRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const comments = services.comments;
  const tags = ['comments'];

  app.post(
    '/comments',
    { schema: { tags, body: CommentCreateBody, response: { 201: CommentSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await comments.create(request.body)),
  );

  app.get(
    '/comments/:id',
    { schema: { tags, params: IdParams, response: { 200: CommentSchema, ...errors } } },
    async (request) => comments.get(request.params.id),
  );

  app.get(
    '/comments',
    { schema: { tags, querystring: CommentListQuery, response: { 200: PageOf(CommentSchema), ...errors } } },
    async (request) => {
      const { limit, offset, sort, ...filters } = request.query;
      const page = await comments.list({ limit, offset, sort: parseSort(sort, SORTABLE, 'id'), filters });
      return { ...page, limit, offset };
    },
  );

  app.patch(
    '/comments/:id',
    { schema: { tags, params: IdParams, body: CommentUpdateBody, response: { 200: CommentSchema, ...errors } } },
    async (request) => comments.update(request.params.id, request.body),
  );

  app.delete(
    '/comments/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await comments.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
