import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { loadSettings, type Settings } from './config.ts';
import { buildValidator, rejectUnstorable } from './http/validation.ts';
import dbPlugin from './plugins/db.ts';
import errorsPlugin from './plugins/errors.ts';
import openapiPlugin from './plugins/openapi.ts';
import { routes, schemas } from './routes/index.ts';
import { createServices } from './services/index.ts';

/** What buildApp may be given; tests pass their own settings and a quiet logger. */
export interface BuildOptions {
  settings?: Settings;
  logger?: boolean | { level: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated settings the app was built with (src/config.ts). */
    settings: Settings;
  }
}

/** The composition root: plugins (errors, OpenAPI, database), services, then every route. */
export async function buildApp(options: BuildOptions = {}) {
  const settings = options.settings ?? loadSettings();
  const app = Fastify({
    logger: options.logger ?? { level: settings.logLevel },
    // Bounded by default: a slow or idle client cannot hold a socket, and bodies have a cap.
    requestTimeout: settings.requestTimeoutMs,
    connectionTimeout: settings.connectionTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    bodyLimit: settings.bodyLimit,
    // The errors plugin answers requests that arrive while closing, in the app's error shape.
    return503OnClosing: false,
    // JSON bodies are validated strictly; query strings and path params are coerced (src/http/validation.ts).
    schemaController: { compilersFactory: { buildValidator } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('settings', settings);

  await app.register(errorsPlugin);
  await app.register(openapiPlugin);
  await app.register(dbPlugin, { settings });
  app.addHook('preValidation', rejectUnstorable);

  for (const schema of schemas) app.addSchema(schema);
  const services = createServices(app.db);
  for (const route of routes) await app.register(route, { services });
  return app;
}

/** The app type, for tests and plugins. */
export type App = Awaited<ReturnType<typeof buildApp>>;
