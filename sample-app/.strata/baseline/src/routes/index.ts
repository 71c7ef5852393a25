import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { Services } from '../services/index.ts';
import { healthRoutes } from './health.ts';

/** What every route plugin is given. */
export interface RouteOptions {
  services: Services;
}

/** Every route plugin of the app, each registered in its own encapsulated context; strata adds new ones here. */
export const routes: FastifyPluginAsyncTypebox<RouteOptions>[] = [healthRoutes];

/** Entity schemas, added once at the root so that relations can $ref them; strata adds new ones here. */
export const schemas: TSchema[] = [];
