import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { loadSettings, type Settings } from './config.ts';
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

/** The composition root: plugins (errors, OpenAPI, database), services, then every route. */
export async function buildApp(options: BuildOptions = {}) {
  const settings = options.settings ?? loadSettings();
  const app = Fastify({
    logger: options.logger ?? { level: settings.logLevel },
    // Reject unknown properties (400) instead of dropping them silently.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorsPlugin);
  await app.register(openapiPlugin);
  await app.register(dbPlugin, { settings });

  for (const schema of schemas) app.addSchema(schema);
  const services = createServices(app.db);
  for (const route of routes) await app.register(route, { services });
  return app;
}

/** The app type, for tests and plugins. */
export type App = Awaited<ReturnType<typeof buildApp>>;
