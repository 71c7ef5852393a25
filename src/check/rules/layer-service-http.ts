import { HTTP_MODULES, imports, type Rule } from './helpers.ts';

/** layer-service-http: Services know nothing of HTTP. */
export const layerServiceHttp: Rule = {
  id: 'layer-service-http',
  title: 'Services know nothing of HTTP',
  applies: (f) => f.role === 'service',
  check: (f) =>
    imports(f.source())
      .filter((i) => HTTP_MODULES.test(i.module))
      .map((i) => ({ line: i.line, message: `a service imports ${i.module}; keep HTTP in routes, and throw domain errors here` })),
};
