import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime, ErrorResponse, IdParams, PageOf, PaginationQuery, parseSort, sortPattern } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE: Record<string, string> = {
  id: 'id',
  email: 'email',
  username: 'username',
  isActive: 'isActive',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** User as the API returns it; hashedPassword is stored but never returned. */
export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String({ maxLength: 255 }),
    username: Type.String({ maxLength: 50 }),
    isActive: Type.Boolean(),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { additionalProperties: false },
);

/** The body of POST /users: no id, no timestamps, nothing unknown. */
const UserCreateBody = Type.Object(
  {
    email: Type.String({ maxLength: 255 }),
    username: Type.String({ maxLength: 50 }),
    hashedPassword: Type.String({ maxLength: 255 }),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The body of PATCH /users/:id: any subset, at least one field. */
const UserUpdateBody = Type.Partial(UserCreateBody, { additionalProperties: false, minProperties: 1 });

const UserListQuery = Type.Object(
  {
    ...PaginationQuery,
    sort: Type.Optional(Type.String({ pattern: sortPattern(Object.keys(SORTABLE)), maxLength: 200 })),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    email: Type.Optional(Type.String({ maxLength: 255 })),
    username: Type.Optional(Type.String({ maxLength: 50 })),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse };

/** CRUD routes for users at /users. */
export const userRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const users = services.users;
  const tags = ['users'];

  app.post(
    '/users',
    { schema: { tags, body: UserCreateBody, response: { 201: UserSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await users.create(request.body)),
  );

  app.get(
    '/users/:id',
    { schema: { tags, params: IdParams, response: { 200: UserSchema, ...errors } } },
    async (request) => users.get(request.params.id),
  );

  app.get(
    '/users',
    { schema: { tags, querystring: UserListQuery, response: { 200: PageOf(UserSchema), ...errors } } },
    async (request) => {
      const { limit, offset, sort, search, ...filters } = request.query;
      const page = await users.list({ limit, offset, sort: parseSort(sort, SORTABLE, 'id'), search, filters });
      return { ...page, limit, offset };
    },
  );

  app.patch(
    '/users/:id',
    { schema: { tags, params: IdParams, body: UserUpdateBody, response: { 200: UserSchema, ...errors } } },
    async (request) => users.update(request.params.id, request.body),
  );

  app.delete(
    '/users/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await users.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
