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
  StringEnum,
} from '../http/schemas.ts';
import type { RouteOptions } from './index.ts';

/** Columns a list may sort on (?sort=-createdAt,name); id is always the final tiebreak. */
const SORTABLE = [
  'id',
  'plan',
  'seats',
  'usageBytes',
  'discountRate',
  'price',
  'autoRenew',
  'startsOn',
  'renewedAt',
  'couponCode',
  'tokenLimit',
  'ownerId',
  'createdAt',
  'updatedAt',
];

/** Subscription as the API returns it; internalNote is stored but never returned. */
export const SubscriptionSchema = Type.Object(
  {
    id: Type.Integer(),
    plan: StringEnum(['free', 'pro', 'team']),
    seats: Type.Integer({ minimum: -2147483648, maximum: 2147483647 }),
    usageBytes: Type.String({ pattern: '^-?[0-9]{1,19}$' }),
    discountRate: Nullable(Type.Number()),
    price: Type.String({ pattern: '^-?[0-9]{1,8}(\\.[0-9]{1,2})?$' }),
    autoRenew: Type.Boolean(),
    startsOn: Type.String({ format: 'date' }),
    renewedAt: Nullable(DateTime()),
    externalId: Type.String({ format: 'uuid' }),
    metadata: Nullable(Type.Unknown()),
    notes: Nullable(Type.String()),
    couponCode: Nullable(Type.String({ maxLength: 40 })),
    tokenLimit: Type.Integer({ minimum: -2147483648, maximum: 2147483647 }),
    ownerId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { $id: 'Subscription', additionalProperties: false },
);

/** The body of POST /subscriptions: no id, no timestamps, nothing unknown. */
export const SubscriptionCreateBody = Type.Object(
  {
    plan: Type.Optional(StringEnum(['free', 'pro', 'team'])),
    seats: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
    usageBytes: Type.Optional(Type.String({ pattern: '^-?[0-9]{1,19}$' })),
    discountRate: Type.Optional(Nullable(Type.Number())),
    price: Type.String({ pattern: '^-?[0-9]{1,8}(\\.[0-9]{1,2})?$' }),
    autoRenew: Type.Optional(Type.Boolean()),
    startsOn: Type.String({ format: 'date' }),
    renewedAt: Type.Optional(Nullable(DateTime())),
    externalId: Type.Optional(Type.String({ format: 'uuid' })),
    metadata: Type.Optional(Nullable(Type.Unknown())),
    notes: Type.Optional(Nullable(Type.String())),
    couponCode: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    internalNote: Type.String({ maxLength: 64 }),
    tokenLimit: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
    ownerId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
  },
  { additionalProperties: false },
);

/** The body of PATCH /subscriptions/:id: any subset, at least one field. */
const SubscriptionUpdateBody = Type.Partial(SubscriptionCreateBody, { additionalProperties: false, minProperties: 1 });

/** CRUD routes for subscriptions at /subscriptions, with `include=` over the model's relations. */
export const subscriptionRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const service = services.subscriptions;
  const relations = service.relations();
  const tags = ['subscriptions'];
  const One = withRelations(SubscriptionSchema, relations, (id) => app.getSchema(id));
  const ListQuery = Type.Object(
    {
      ...PaginationQuery,
      sort: Type.Optional(Type.String({ pattern: sortPattern(SORTABLE), maxLength: 200 })),
      search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      plan: Type.Optional(StringEnum(['free', 'pro', 'team'])),
      autoRenew: Type.Optional(Type.Boolean()),
      externalId: Type.Optional(Type.String({ format: 'uuid' })),
      couponCode: Type.Optional(Type.String({ maxLength: 40 })),
      ownerId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
      ...includeQuery(relations),
    },
    { additionalProperties: false },
  );
  const GetQuery = Type.Object({ ...includeQuery(relations) }, { additionalProperties: false });

  app.post(
    '/subscriptions',
    { schema: { tags, body: SubscriptionCreateBody, response: { 201: Type.Ref(SubscriptionSchema), ...CRUD_ERRORS } } },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.get(
    '/subscriptions/:id',
    { schema: { tags, params: IdParams, querystring: GetQuery, response: { 200: One, ...CRUD_ERRORS } } },
    async (request) => service.get(request.params.id, parseInclude(request.query.include, app.settings.includeLimit)),
  );

  app.get(
    '/subscriptions',
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
    '/subscriptions/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: SubscriptionUpdateBody,
        response: { 200: Type.Ref(SubscriptionSchema), ...CRUD_ERRORS },
      },
    },
    async (request) => service.update(request.params.id, request.body),
  );

  app.delete(
    '/subscriptions/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...CRUD_ERRORS } } },
    async (request, reply) => {
      await service.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Has-many relations: GET /subscriptions/:id/<relation>, paginated; 404 when the Subscription is absent.
  for (const relation of relations.filter((r) => r.kind === 'many')) {
    app.get(
      `/subscriptions/:id/${relation.name}`,
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

  // Many-to-many relations: PUT and DELETE /subscriptions/:id/<relation>/:targetId link and unlink.
  for (const relation of relations.filter((r) => r.kind === 'manyToMany')) {
    const LinkParams = Type.Object(
      { ...IdParams.properties, targetId: IdParams.properties.id },
      { additionalProperties: false },
    );
    const path = `/subscriptions/:id/${relation.name}/:targetId`;
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
