import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../services/index.ts';
import { healthRoutes } from './health.ts';
import { userRoutes } from './users.ts';
import { postRoutes } from './posts.ts';
import { commentRoutes } from './comments.ts';

/** What every route plugin is given. */
export interface RouteOptions {
  services: Services;
}

/** Every route plugin of the app, each registered in its own encapsulated context; strata adds new ones here. */
export const routes: FastifyPluginAsyncTypebox<RouteOptions>[] = [healthRoutes, userRoutes, postRoutes, commentRoutes];
