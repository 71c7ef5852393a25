import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { includeQuery, parseInclude, withRelations } from '../http/relations.ts';
import { CRUD_ERRORS, DateTime, IdParams, PageOf, PaginationQuery, parseSort, sortPattern } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE = ['id', 'email', 'username', 'isActive', 'createdAt', 'updatedAt'];

/** User as the API returns it; hashedPassword password is stored but never returned. */
export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String({ maxLength: 255 }),
    username: Type.String({ maxLength: 50 }),
    isActive: Type.Boolean(),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { $id: 'User', additionalProperties: false },
);

/** The body of POST /users: no id, no timestamps, nothing unknown. */
export const UserCreateBody = Type.Object(
  {
    email: Type.String({ maxLength: 255 }),
    username: Type.String({ maxLength: 50 }),
    password: Type.String({ minLength: 8, maxLength: 1024 }),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The body of PATCH /users/:id: any subset, at least one field. */
const UserUpdateBody = Type.Partial(UserCreateBody, { additionalProperties: false, minProperties: 1 });

/** CRUD routes for users at /users, with `include=` over the model's relations. */
export const userRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.users;
  const relations = service.relations();
  const tags = ['users'];
  const One = withRelations(UserSchema, relations, (id) => app.getSchema(id));
  const ListQuery = Type.Object(
    {
      ...PaginationQuery,
      sort: Type.Optional(Type.String({ pattern: sortPattern(SORTABLE), maxLength: 200 })),
      search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      email: Type.Optional(Type.String({ maxLength: 255 })),
      username: Type.Optional(Type.String({ maxLength: 50 })),
      isActive: Type.Optional(Type.Boolean()),
      ...includeQuery(relations),
    },
    { additionalProperties: false },
  );
  const GetQuery = Type.Object({ ...includeQuery(relations) }, { additionalProperties: false });

  app.post(
    '/users',
    { schema: { tags, body: UserCreateBody, response: { 201: Type.Ref(UserSchema), ...CRUD_ERRORS } } },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.get(
    '/users/:id',
    { schema: { tags, params: IdParams, querystring: GetQuery, response: { 200: One, ...CRUD_ERRORS } } },
    async (request) => service.get(request.params.id, parseInclude(request.query.include, app.settings.includeLimit)),
  );

  app.get(
    '/users',
    { schema: { tags, querystring: ListQuery, response: { 200: PageOf(One), ...CRUD_ERRORS } } },
    async (request) => {
      const { limit, offset, sort, search, include, ...filters } = request.query;
      const page = await service.list({
        limit,
        offset,
        sort: parseSort(sort, SORTABLE, 'id'),
        search,
        filters,
        include: parseInclude(include, app.settings.includeLimit),
      });
      return { ...page, limit, offset };
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: { tags, params: IdParams, body: UserUpdateBody, response: { 200: Type.Ref(UserSchema), ...CRUD_ERRORS } },
    },
    async (request) => service.update(request.params.id, request.body),
  );

  app.delete(
    '/users/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...CRUD_ERRORS } } },
    async (request, reply) => {
      await service.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Has-many relations: GET /users/:id/<relation>, paginated; 404 when the User is absent.
  for (const relation of relations.filter((r) => r.kind === 'many')) {
    app.get(
      `/users/:id/${relation.name}`,
      {
        schema: {
          tags,
          params: IdParams,
          querystring: Type.Object({ ...PaginationQuery }, { additionalProperties: false }),
          response: { 200: PageOf(Type.Unsafe<unknown>({ $ref: relation.target })), ...CRUD_ERRORS },
        },
      },
      async (request) => {
        const { limit, offset } = request.query;
        return { ...(await service.listRelated(request.params.id, relation.name, { limit, offset })), limit, offset };
      },
    );
  }

  // Many-to-many relations: PUT and DELETE /users/:id/<relation>/:targetId link and unlink.
  for (const relation of relations.filter((r) => r.kind === 'manyToMany')) {
    const LinkParams = Type.Object(
      { ...IdParams.properties, targetId: IdParams.properties.id },
      { additionalProperties: false },
    );
    const path = `/users/:id/${relation.name}/:targetId`;
    app.put(
      path,
      { schema: { tags, params: LinkParams, response: { 204: Type.Null(), ...CRUD_ERRORS } } },
      async (request, reply) => {
        await service.link(request.params.id, relation.name, request.params.targetId);
        return reply.status(204).send(null);
      },
    );
    app.delete(
      path,
      { schema: { tags, params: LinkParams, response: { 204: Type.Null(), ...CRUD_ERRORS } } },
      async (request, reply) => {
        await service.unlink(request.params.id, relation.name, request.params.targetId);
        return reply.status(204).send(null);
      },
    );
  }
};
