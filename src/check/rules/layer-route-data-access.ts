import { imports, ORM_MODULES, RAW_MODULES, type Rule } from './helpers.ts';

/** layer-route-data-access: Routes reach data through services. */
export const layerRouteDataAccess: Rule = {
  id: 'layer-route-data-access',
  title: 'Routes reach data through services',
  applies: (f) => f.role === 'route',
  check: (f) =>
    imports(f.source())
      .filter((i) => ORM_MODULES.test(i.module) || RAW_MODULES.test(i.module))
      .map((i) => ({ line: i.line, message: `a route imports ${i.module}; call a service instead` })),
};
