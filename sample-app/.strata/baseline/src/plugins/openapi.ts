import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** OpenAPI 3 from the route schemas; the UI at /docs, the document at /docs/json. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: { info: { title: 'sample-app', version: '0.1.0' } },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi' },
);
