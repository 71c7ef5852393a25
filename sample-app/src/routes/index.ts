import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { Services } from '../services/index.ts';
import { healthRoutes } from './health.ts';
import { userRoutes, UserSchema } from './users.ts';
import { postRoutes, PostSchema } from './posts.ts';
import { commentRoutes, CommentSchema } from './comments.ts';
import { tagRoutes, TagSchema } from './tags.ts';
import { subscriptionRoutes, SubscriptionSchema } from './subscriptions.ts';
import { userBulkRoutes } from './users-bulk.ts';
import { userCopyRoutes } from './users-copy.ts';
import { postCopyRoutes } from './posts-copy.ts';
import { postPublishAllRoutes } from './posts-publish-all.ts';
import { topAuthorsRoutes } from './top-authors.ts';
import { postsWindowRoutes } from './posts-window.ts';

/** What every route plugin is given. */
export interface RouteOptions {
  services: Services;
}

/** Every route plugin of the app, each registered in its own encapsulated context; strata adds new ones here. */
export const routes: FastifyPluginAsyncTypebox<RouteOptions>[] = [
  healthRoutes,
  userRoutes,
  postRoutes,
  commentRoutes,
  tagRoutes,
  subscriptionRoutes,
  userBulkRoutes,
  userCopyRoutes,
  postCopyRoutes,
  postPublishAllRoutes,
  topAuthorsRoutes,
  postsWindowRoutes,
];

/** Entity schemas, added once at the root so that relations can $ref them; strata adds new ones here. */
export const schemas: TSchema[] = [UserSchema, PostSchema, CommentSchema, TagSchema, SubscriptionSchema];
