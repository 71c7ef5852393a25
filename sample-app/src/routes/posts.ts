import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime, ErrorResponse, IdParams, PageOf, PaginationQuery, parseSort, sortPattern } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE: Record<string, string> = {
  id: 'id',
  title: 'title',
  published: 'published',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** Post as the API returns it. */
export const PostSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String({ maxLength: 200 }),
    content: Type.String(),
    published: Type.Boolean(),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { additionalProperties: false },
);

/** The body of POST /posts: no id, no timestamps, nothing unknown. */
const PostCreateBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    content: Type.String(),
    published: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The body of PATCH /posts/:id: any subset, at least one field. */
const PostUpdateBody = Type.Partial(PostCreateBody, { additionalProperties: false, minProperties: 1 });

const PostListQuery = Type.Object(
  {
    ...PaginationQuery,
    sort: Type.Optional(Type.String({ pattern: sortPattern(Object.keys(SORTABLE)), maxLength: 200 })),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    published: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse };

/** CRUD routes for posts at /posts. */
export const postRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const posts = services.posts;
  const tags = ['posts'];

  app.post(
    '/posts',
    { schema: { tags, body: PostCreateBody, response: { 201: PostSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await posts.create(request.body)),
  );

  app.get(
    '/posts/:id',
    { schema: { tags, params: IdParams, response: { 200: PostSchema, ...errors } } },
    async (request) => posts.get(request.params.id),
  );

  app.get(
    '/posts',
    { schema: { tags, querystring: PostListQuery, response: { 200: PageOf(PostSchema), ...errors } } },
    async (request) => {
      const { limit, offset, sort, search, ...filters } = request.query;
      const page = await posts.list({ limit, offset, sort: parseSort(sort, SORTABLE, 'id'), search, filters });
      return { ...page, limit, offset };
    },
  );

  app.patch(
    '/posts/:id',
    { schema: { tags, params: IdParams, body: PostUpdateBody, response: { 200: PostSchema, ...errors } } },
    async (request) => posts.update(request.params.id, request.body),
  );

  app.delete(
    '/posts/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await posts.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
