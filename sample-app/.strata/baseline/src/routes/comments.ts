import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { includeQuery, parseInclude, withRelations } from '../http/relations.ts';
import {
  CRUD_ERRORS,
  DateTime,
  IdParams,
  Nullable,
  PageOf,
  PaginationQuery,
  parseSort,
  sortPattern,
} from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE = ['id', 'postId', 'authorId', 'createdAt', 'updatedAt'];

/** Comment as the API returns it. */
export const CommentSchema = Type.Object(
  {
    id: Type.Integer(),
    body: Type.String(),
    postId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
    authorId: Nullable(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { $id: 'Comment', additionalProperties: false },
);

/** The body of POST /comments: no id, no timestamps, nothing unknown. */
export const CommentCreateBody = Type.Object(
  {
    body: Type.String(),
    postId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
    authorId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 9007199254740991 }))),
  },
  { additionalProperties: false },
);

/** The body of PATCH /comments/:id: any subset, at least one field. */
const CommentUpdateBody = Type.Partial(CommentCreateBody, { additionalProperties: false, minProperties: 1 });

/** CRUD routes for comments at /comments, with `include=` over the model's relations. */
export const commentRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.comments;
  const relations = service.relations();
  const tags = ['comments'];
  const One = withRelations(CommentSchema, relations, (id) => app.getSchema(id));
  const ListQuery = Type.Object(
    {
      ...PaginationQuery,
      sort: Type.Optional(Type.String({ pattern: sortPattern(SORTABLE), maxLength: 200 })),
      postId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
      authorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
      ...includeQuery(relations),
    },
    { additionalProperties: false },
  );
  const GetQuery = Type.Object({ ...includeQuery(relations) }, { additionalProperties: false });

  app.post(
    '/comments',
    { schema: { tags, body: CommentCreateBody, response: { 201: Type.Ref(CommentSchema), ...CRUD_ERRORS } } },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.get(
    '/comments/:id',
    { schema: { tags, params: IdParams, querystring: GetQuery, response: { 200: One, ...CRUD_ERRORS } } },
    async (request) => service.get(request.params.id, parseInclude(request.query.include, app.settings.includeLimit)),
  );

  app.get(
    '/comments',
    { schema: { tags, querystring: ListQuery, response: { 200: PageOf(One), ...CRUD_ERRORS } } },
    async (request) => {
      const { limit, offset, sort, include, ...filters } = request.query;
      const page = await service.list({
        limit,
        offset,
        sort: parseSort(sort, SORTABLE, 'id'),
        filters,
        include: parseInclude(include, app.settings.includeLimit),
      });
      return { ...page, limit, offset };
    },
  );

  app.patch(
    '/comments/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: CommentUpdateBody,
        response: { 200: Type.Ref(CommentSchema), ...CRUD_ERRORS },
      },
    },
    async (request) => service.update(request.params.id, request.body),
  );

  app.delete(
    '/comments/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...CRUD_ERRORS } } },
    async (request, reply) => {
      await service.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Has-many relations: GET /comments/:id/<relation>, paginated; 404 when the Comment is absent.
  for (const relation of relations.filter((r) => r.kind === 'many')) {
    app.get(
      `/comments/:id/${relation.name}`,
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

  // Many-to-many relations: PUT and DELETE /comments/:id/<relation>/:targetId link and unlink.
  for (const relation of relations.filter((r) => r.kind === 'manyToMany')) {
    const LinkParams = Type.Object(
      { ...IdParams.properties, targetId: IdParams.properties.id },
      { additionalProperties: false },
    );
    const path = `/comments/:id/${relation.name}/:targetId`;
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
