import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { includeQuery, parseInclude, withRelations } from '../http/relations.ts';
import { CRUD_ERRORS, DateTime, IdParams, PageOf, PaginationQuery, parseSort, sortPattern } from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE = ['id', 'title', 'published', 'authorId', 'createdAt', 'updatedAt'];

/** Post as the API returns it. */
export const PostSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String({ maxLength: 200 }),
    content: Type.String(),
    published: Type.Boolean(),
    authorId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { $id: 'Post', additionalProperties: false },
);

/** The body of POST /posts: no id, no timestamps, nothing unknown. */
export const PostCreateBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    content: Type.String(),
    published: Type.Optional(Type.Boolean()),
    authorId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
  },
  { additionalProperties: false },
);

/** The body of PATCH /posts/:id: any subset, at least one field. */
const PostUpdateBody = Type.Partial(PostCreateBody, { additionalProperties: false, minProperties: 1 });

/** CRUD routes for posts at /posts, with `include=` over the model's relations. */
export const postRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.posts;
  const relations = service.relations();
  const tags = ['posts'];
  const One = withRelations(PostSchema, relations, (id) => app.getSchema(id));
  const ListQuery = Type.Object(
    {
      ...PaginationQuery,
      sort: Type.Optional(Type.String({ pattern: sortPattern(SORTABLE), maxLength: 200 })),
      search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      title: Type.Optional(Type.String({ maxLength: 200 })),
      published: Type.Optional(Type.Boolean()),
      authorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
      ...includeQuery(relations),
    },
    { additionalProperties: false },
  );
  const GetQuery = Type.Object({ ...includeQuery(relations) }, { additionalProperties: false });

  app.post(
    '/posts',
    { schema: { tags, body: PostCreateBody, response: { 201: Type.Ref(PostSchema), ...CRUD_ERRORS } } },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.get(
    '/posts/:id',
    { schema: { tags, params: IdParams, querystring: GetQuery, response: { 200: One, ...CRUD_ERRORS } } },
    async (request) => service.get(request.params.id, parseInclude(request.query.include, app.settings.includeLimit)),
  );

  app.get(
    '/posts',
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
    '/posts/:id',
    {
      schema: { tags, params: IdParams, body: PostUpdateBody, response: { 200: Type.Ref(PostSchema), ...CRUD_ERRORS } },
    },
    async (request) => service.update(request.params.id, request.body),
  );

  app.delete(
    '/posts/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...CRUD_ERRORS } } },
    async (request, reply) => {
      await service.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Has-many relations: GET /posts/:id/<relation>, paginated; 404 when the Post is absent.
  for (const relation of relations.filter((r) => r.kind === 'many')) {
    app.get(
      `/posts/:id/${relation.name}`,
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

  // Many-to-many relations: PUT and DELETE /posts/:id/<relation>/:targetId link and unlink.
  for (const relation of relations.filter((r) => r.kind === 'manyToMany')) {
    const LinkParams = Type.Object(
      { ...IdParams.properties, targetId: IdParams.properties.id },
      { additionalProperties: false },
    );
    const path = `/posts/:id/${relation.name}/:targetId`;
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
